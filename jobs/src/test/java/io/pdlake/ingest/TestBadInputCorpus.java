package io.pdlake.ingest;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.identity.CreditCodes;
import io.pdlake.identity.IdNumbers;
import io.pdlake.lake.LakeTables;
import io.pdlake.quality.ReasonCode;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus: every kind of malformed feed a department has sent or could send, each in a
 * batch of its own, ingested together. For each: the run completes, every row is accounted for, the
 * rejected rows carry the expected reason, and each message names file, line and field.
 */
class TestBadInputCorpus
{
    private static final Charset GBK = Charset.forName("GBK");
    private static final String HOUSEHOLD_HEADER = "公民身份号码,姓名,性别,出生日期,民族,户籍地址,更新时间";
    private static final String ENTERPRISE_HEADER = "统一社会信用代码,企业名称,企业类型,法定代表人,注册资本(万元),成立日期,住所,登记状态,更新时间";

    @TempDir
    static Path directory;

    private static TestingLake.Lake lake;
    private static ResourceCatalog catalog;
    private static final List<Case> CASES = new ArrayList<>();
    private static int nextSubject = 100;

    /** One malformed input and what must become of it. {@code reasons} null: every row rejected for one of {@code allowed}. */
    record Case(String name, CatalogEntry entry, String file, byte[] content, String status, long accepted, Map<ReasonCode, Long> reasons, Set<ReasonCode> allowed)
    {
        String batch()
        {
            return format("c%02d-%s", CASES.indexOf(this) + 1, name);
        }

        String relativePath()
        {
            return format("%s/%s/%s/%s/%s", entry.region(), entry.department(), entry.table(), batch(), file);
        }
    }

    @BeforeAll
    static void ingestTheCorpus()
            throws IOException
    {
        lake = TestingLake.create(directory);
        catalog = ResourceCatalog.load(ProjectFiles.schemas());
        encodings();
        structure();
        schemaDrift();
        values();
        identifiers();
        jsonLines();
        parquet();
        links();
        duplicates();
        for (Case item : CASES) {
            Path file = lake.landing().resolve(item.relativePath());
            if (item.name().equals("batch-folder-linked-outside")) {
                // the batch folder itself is a link to a folder outside the landing root
                Path outside = Files.createDirectories(directory.resolve("outside-batch"));
                Files.write(outside.resolve(item.file()), csv(HOUSEHOLD_HEADER, GBK, ok()));
                Files.createDirectories(file.getParent().getParent());
                Files.createSymbolicLink(file.getParent(), outside);
                continue;
            }
            Files.createDirectories(file.getParent());
            if (item.name().equals("link-to-a-file-outside")) {
                Path outside = Files.createDirectories(directory.resolve("outside")).resolve("secret.csv");
                Files.write(outside, csv(HOUSEHOLD_HEADER, GBK, ok()));
                Files.createSymbolicLink(file, outside);
            }
            else {
                Files.write(file, item.content());
            }
        }
        new IngestJob(spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
    }

    private static void encodings()
    {
        household("gbk-control", GBK, ok(), ok()).accepts(2);
        household("utf8-declared-gbk", StandardCharsets.UTF_8, ok(), ok()).rejects(ReasonCode.ENCODING_ERROR, 2);
        enterprise("gbk-declared-utf8", GBK, enterprise(), enterprise()).rejects(ReasonCode.ENCODING_ERROR, 2);
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        mixed.writeBytes((HOUSEHOLD_HEADER + "\n" + ok() + "\n").getBytes(GBK));
        mixed.writeBytes((ok() + "\n").getBytes(StandardCharsets.UTF_8));
        mixed.writeBytes((ok() + "\n").getBytes(GBK));
        add("mixed-gbk-and-utf8", "household_registration", "part.csv", mixed.toByteArray()).accepts(2).rejects(ReasonCode.ENCODING_ERROR, 1);
        add("utf8-bom", "enterprise_registration", "part.csv", concat(bom(), csv(ENTERPRISE_HEADER, StandardCharsets.UTF_8, enterprise(), enterprise()))).accepts(2);
        add("utf8-bom-on-gbk-file", "household_registration", "part.csv", concat(bom(), csv(HOUSEHOLD_HEADER, GBK, ok(), ok()))).accepts(2);
        add("utf8-bom-utf8-declared-gbk", "household_registration", "part.csv", concat(bom(), csv(HOUSEHOLD_HEADER, StandardCharsets.UTF_8, ok(), ok())))
                .rejects(ReasonCode.ENCODING_ERROR, 2);
        add("utf16-declared-utf8", "enterprise_registration", "part.csv",
                concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, csv(ENTERPRISE_HEADER, StandardCharsets.UTF_16LE, enterprise(), enterprise())))
                .allRejected(EnumSet.of(ReasonCode.ENCODING_ERROR));
        add("binary-declared-utf8", "enterprise_registration", "part.csv", garbage(1, 4_000))
                .allRejected(EnumSet.of(ReasonCode.ENCODING_ERROR, ReasonCode.MALFORMED_QUOTING, ReasonCode.MISSING_COLUMN));
        add("binary-declared-gbk", "household_registration", "part.csv", garbage(2, 4_000))
                .allRejected(EnumSet.of(ReasonCode.ENCODING_ERROR, ReasonCode.MALFORMED_QUOTING, ReasonCode.MISSING_COLUMN, ReasonCode.CONTROL_CHARACTER));
        household("control-characters-in-a-value", GBK, ok(), row(id(), "张\u0007三", "1", "1980-01-01", "汉族", "邢台市信都区中兴大街1号", "2026-11-10 08:00:00"))
                .accepts(1).rejects(ReasonCode.CONTROL_CHARACTER, 1);
        enterprise("nul-in-a-value", StandardCharsets.UTF_8, enterprise(), enterprise().replace("有限责任公司", "有限\u0000公司"))
                .accepts(1).rejects(ReasonCode.ENCODING_ERROR, 1);
    }

    private static void structure()
    {
        add("empty-file", "household_registration", "part.csv", new byte[0]).status(IngestJob.STATUS_EMPTY);
        household("header-only", GBK).status(IngestJob.STATUS_EMPTY);
        add("blank-lines-only", "household_registration", "part.csv", "\n\r\n  \n".getBytes(GBK)).status(IngestJob.STATUS_EMPTY);
        household("unterminated-quote", GBK, ok(), row(id(), "\"张三", "1", "1980-01-01", "汉族", "邢台市", "2026-11-10 08:00:00"), ok())
                .accepts(2).rejects(ReasonCode.MALFORMED_QUOTING, 1);
        household("stray-quote", GBK, ok(), row(id(), "张\"三", "1", "1980-01-01", "汉族", "邢台市", "2026-11-10 08:00:00"))
                .accepts(1).rejects(ReasonCode.MALFORMED_QUOTING, 1);
        household("text-after-closing-quote", GBK, row(id(), "\"张三\"x", "1", "1980-01-01", "汉族", "邢台市", "2026-11-10 08:00:00"), ok())
                .accepts(1).rejects(ReasonCode.MALFORMED_QUOTING, 1);
        household("newline-inside-quotes", GBK, row(id(), "张三", "1", "1980-01-01", "汉族", "\"邢台市信都区\n中兴大街1号\"", "2026-11-10 08:00:00"), ok()).accepts(2);
        household("doubled-quotes", GBK, row(id(), "\"张\"\"三\"\"\"", "1", "1980-01-01", "汉族", "邢台市", "2026-11-10 08:00:00")).accepts(1);
        household("too-few-columns", GBK, ok(), String.join(",", id(), "张三", "1", "1980-01-01")).accepts(1).rejects(ReasonCode.WRONG_COLUMN_COUNT, 1);
        household("too-many-columns", GBK, ok() + ",多余,值", ok()).accepts(1).rejects(ReasonCode.WRONG_COLUMN_COUNT, 1);
        add("crlf-line-ends", "household_registration", "part.csv", (HOUSEHOLD_HEADER + "\r\n" + ok() + "\r\n" + ok() + "\r\n").getBytes(GBK)).accepts(2);
        add("cr-line-ends", "household_registration", "part.csv", (HOUSEHOLD_HEADER + "\r" + ok() + "\r" + ok() + "\r").getBytes(GBK)).accepts(2);
        add("no-final-line-end", "household_registration", "part.csv", (HOUSEHOLD_HEADER + "\n" + ok() + "\n" + ok()).getBytes(GBK)).accepts(2);
        add("blank-lines-between-rows", "household_registration", "part.csv", (HOUSEHOLD_HEADER + "\n\n" + ok() + "\n\n\n" + ok() + "\n").getBytes(GBK)).accepts(2);
        household("very-long-value", GBK, ok(), row(id(), "张三", "1", "1980-01-01", "汉族", "邢".repeat(100_000), "2026-11-10 08:00:00"))
                .accepts(1).rejects(ReasonCode.VALUE_TOO_LONG, 1);
        household("very-long-line-without-delimiters", GBK, ok(), "A".repeat(1 << 20)).accepts(1).rejects(ReasonCode.WRONG_COLUMN_COUNT, 1);
    }

    private static void schemaDrift()
    {
        add("extra-column", "enterprise_registration", "part.csv", csv(ENTERPRISE_HEADER + ",备注", StandardCharsets.UTF_8, enterprise() + ",无", enterprise() + ",")).accepts(2);
        String uscc = uscc();
        add("reordered-columns", "enterprise_registration", "part.csv", csv("企业名称,统一社会信用代码,企业类型,法定代表人,注册资本(万元),成立日期,住所,登记状态,更新时间",
                StandardCharsets.UTF_8, "邢台某某有限公司," + uscc + ",有限责任公司,张三,100.50,2010-05-01,河北省邢台市信都区,存续,2026-11-10 08:00:00")).accepts(1);
        add("missing-required-column", "enterprise_registration", "part.csv", csv(ENTERPRISE_HEADER.replace(",住所", ""), StandardCharsets.UTF_8,
                dropColumn(enterprise(), 6), dropColumn(enterprise(), 6))).rejects(ReasonCode.MISSING_COLUMN, 2);
        add("renamed-column", "enterprise_registration", "part.csv", csv(ENTERPRISE_HEADER.replace("企业名称", "名称"), StandardCharsets.UTF_8, enterprise(), enterprise()))
                .rejects(ReasonCode.MISSING_COLUMN, 2);
        add("missing-optional-column", "enterprise_registration", "part.csv", csv(ENTERPRISE_HEADER.replace(",注册资本(万元)", ""), StandardCharsets.UTF_8,
                dropColumn(enterprise(), 4))).accepts(1);
        add("lake-column-names", "enterprise_registration", "part.csv", csv("uscc,name,entity_type,legal_representative,registered_capital,established_on,address,status,updated_at",
                StandardCharsets.UTF_8, enterprise())).accepts(1);
    }

    private static void values()
    {
        enterprise("decimal-in-words", StandardCharsets.UTF_8, enterprise(), enterprise().replace("100.50", "一百万")).accepts(1).rejects(ReasonCode.BAD_DECIMAL, 1);
        enterprise("decimal-too-precise", StandardCharsets.UTF_8, enterprise().replace("100.50", "100.555")).rejects(ReasonCode.BAD_DECIMAL, 1);
        enterprise("impossible-date", StandardCharsets.UTF_8, enterprise().replace("2010-05-01", "2023-02-29")).rejects(ReasonCode.BAD_DATE, 1);
        enterprise("month-thirteen", StandardCharsets.UTF_8, enterprise().replace("2010-05-01", "2024-13-01")).rejects(ReasonCode.BAD_DATE, 1);
        enterprise("future-date", StandardCharsets.UTF_8, enterprise(), enterprise().replace("2010-05-01", "2099-01-01")).accepts(1).rejects(ReasonCode.DATE_IN_FUTURE, 1);
        enterprise("future-timestamp", StandardCharsets.UTF_8, enterprise().replace("2026-11-10 08:00:00", "2099-01-01 00:00:00")).rejects(ReasonCode.DATE_IN_FUTURE, 1);
        enterprise("not-a-timestamp", StandardCharsets.UTF_8, enterprise().replace("2026-11-10 08:00:00", "昨天")).rejects(ReasonCode.BAD_TIMESTAMP, 1);
        household("required-value-empty", GBK, row(id(), "", "1", "1980-01-01", "汉族", "邢台市", "2026-11-10 08:00:00")).rejects(ReasonCode.REQUIRED_MISSING, 1);
        household("value-longer-than-allowed", GBK, row(id(), "张三", "男性", "1980-01-01", "汉族", "邢台市", "2026-11-10 08:00:00")).rejects(ReasonCode.VALUE_TOO_LONG, 1);
        household("full-width-and-padded", GBK, row(" " + toFullWidth(id()) + "　", "张三", "１", "1980-01-01", "汉族", "邢台市", "2026-11-10 08:00:00")).accepts(1);
    }

    private static void identifiers()
    {
        household("id-missing", GBK, withId("")).rejects(ReasonCode.ID_NUMBER_MISSING, 1);
        household("id-seventeen-digits", GBK, withId(id().substring(0, 17))).rejects(ReasonCode.ID_NUMBER_FORMAT, 1);
        household("id-letters", GBK, withId("13050219800101A12B")).rejects(ReasonCode.ID_NUMBER_FORMAT, 1);
        household("id-impossible-region", GBK, withId(withCheck("00000019800101123"))).rejects(ReasonCode.ID_NUMBER_REGION, 1);
        household("id-impossible-birth-date", GBK, withId(withCheck("13050219800230123"))).rejects(ReasonCode.ID_NUMBER_BIRTH_DATE, 1);
        household("id-future-birth-date", GBK, withId(withCheck("13050220990101123"))).rejects(ReasonCode.ID_NUMBER_BIRTH_DATE, 1);
        String good = id();
        household("id-wrong-check-character", GBK, withId(good.substring(0, 17) + (good.charAt(17) == '1' ? '2' : '1'))).rejects(ReasonCode.ID_NUMBER_CHECK_DIGIT, 1);
        household("id-fifteen-digits", GBK, withId("130502800101" + format("%03d", nextSubject++))).accepts(1);
        enterprise("uscc-missing", StandardCharsets.UTF_8, withUscc("")).rejects(ReasonCode.USCC_MISSING, 1);
        enterprise("uscc-forbidden-letters", StandardCharsets.UTF_8, withUscc("91130502MA0ABCIOZ1")).rejects(ReasonCode.USCC_FORMAT, 1);
        String body = format("MA0A%04d", nextSubject++);
        char organizationCheck = CreditCodes.organizationCheckCharacter(body);
        char wrongOrganizationCheck = organizationCheck == '0' ? '1' : '0';
        String badOrganization = "91130502" + body + wrongOrganizationCheck;
        enterprise("uscc-wrong-organisation-check", StandardCharsets.UTF_8, withUscc(badOrganization + CreditCodes.checkCharacter(badOrganization)))
                .rejects(ReasonCode.USCC_ORG_CODE_CHECK_DIGIT, 1);
        String goodCode = uscc();
        char wrongCheck = goodCode.charAt(17) == '0' ? '1' : '0';
        enterprise("uscc-wrong-check-character", StandardCharsets.UTF_8, withUscc(goodCode.substring(0, 17) + wrongCheck)).rejects(ReasonCode.USCC_CHECK_DIGIT, 1);
        enterprise("uscc-lower-case", StandardCharsets.UTF_8, withUscc(uscc().toLowerCase())).accepts(1);
        enterprise("not-an-identifier", StandardCharsets.UTF_8, withUscc("N/A")).rejects(ReasonCode.USCC_FORMAT, 1);
    }

    private static void jsonLines()
    {
        add("json-malformed", "resident_permit", "part.jsonl", lines(permit(), "{\"公民身份号码\": \"" + id() + "\", \"姓名\": ", permit())).accepts(2).rejects(ReasonCode.MALFORMED_JSON, 1);
        add("json-array-line", "resident_permit", "part.jsonl", lines(permit(), "[1, 2, 3]")).accepts(1).rejects(ReasonCode.MALFORMED_JSON, 1);
        add("json-object-as-value", "resident_permit", "part.jsonl", lines(permit().replace("\"张三\"", "{\"姓\": \"张\", \"名\": \"三\"}"))).rejects(ReasonCode.MALFORMED_JSON, 1);
        add("json-bom-and-crlf", "resident_permit", "part.jsonl", concat(bom(), (permit() + "\r\n" + permit() + "\r\n").getBytes(StandardCharsets.UTF_8))).accepts(2);
        add("json-missing-key", "resident_permit", "part.jsonl", lines(permit().replace("\"居住证编号\"", "\"编号\""))).rejects(ReasonCode.REQUIRED_MISSING, 1);
    }

    private static void parquet()
    {
        add("parquet-not-parquet", "subsistence_allowance", "part.parquet", "this is a CSV file named .parquet\n1,2,3\n".getBytes(StandardCharsets.UTF_8))
                .status(IngestJob.STATUS_UNREADABLE).rejects(ReasonCode.FILE_UNREADABLE, 1);
        add("parquet-truncated", "subsistence_allowance", "part.parquet", truncate(allowanceParquet(List.of(allowance("560.00"), allowance("560.00"))), 0.5))
                .status(IngestJob.STATUS_UNREADABLE).rejects(ReasonCode.FILE_UNREADABLE, 1);
        add("parquet-wrong-type", "subsistence_allowance", "part.parquet", allowanceParquet(List.of(allowance("560.00"), allowance("五百"))))
                .accepts(1).rejects(ReasonCode.BAD_DECIMAL, 1);
        add("parquet-missing-column", "subsistence_allowance", "part.parquet", parquetWithout(List.of(allowance("560.00"), allowance("560.00")), "批准日期"))
                .rejects(ReasonCode.MISSING_COLUMN, 2);
    }

    private static void links()
    {
        add("link-to-a-file-outside", "household_registration", "part.csv", null).status(IngestJob.STATUS_REFUSED).rejects(ReasonCode.FILE_OUTSIDE_LANDING, 1);
        add("batch-folder-linked-outside", "household_registration", "part.csv", null).status(IngestJob.STATUS_REFUSED).rejects(ReasonCode.FILE_OUTSIDE_LANDING, 1);
    }

    private static void duplicates()
    {
        byte[] content = csv(HOUSEHOLD_HEADER, GBK, ok(), ok());
        household("original", GBK).content(content).accepts(2);
        add("same-file-new-name", "household_registration", "renamed.csv", content).status(IngestJob.STATUS_DUPLICATE);
    }

    @Test
    void theCorpusHoldsAtLeastFortyMalformedInputs()
    {
        long malformed = CASES.stream().filter(item -> item.accepted() == 0 || item.reasons() == null || !item.reasons().isEmpty()
                || !item.status().equals(IngestJob.STATUS_INGESTED)).count();
        assertThat(malformed).isGreaterThanOrEqualTo(40);
    }

    @Test
    void everyFileIsAccountedForRowByRow()
    {
        Map<String, Row> batches = new HashMap<>();
        spark().sql(format("SELECT source_file, status, rows_read, rows_accepted, rows_rejected FROM %s", LakeTables.FEED_BATCHES)).collectAsList()
                .forEach(row -> batches.put(row.getString(0), row));
        for (Case item : CASES) {
            Row batch = batches.get(item.relativePath());
            assertThat(batch).as(item.name()).isNotNull();
            assertThat(batch.getString(1)).as(item.name() + " status").isEqualTo(item.status());
            assertThat(batch.getLong(2)).as(item.name() + ": read = accepted + rejected").isEqualTo(batch.getLong(3) + batch.getLong(4));
            assertThat(batch.getLong(3)).as(item.name() + " accepted").isEqualTo(item.accepted());
            long inRaw = spark().table(item.entry().rawTable()).filter(format("_source_file = '%s'", item.relativePath())).count();
            assertThat(inRaw).as(item.name() + " rows in " + item.entry().rawTable()).isEqualTo(item.accepted());
        }
    }

    @Test
    void everyRejectedRowHasTheExpectedReason()
    {
        Map<String, Map<ReasonCode, Long>> found = new HashMap<>();
        spark().sql(format("SELECT source_file, reason_code, count(*) FROM %s GROUP BY source_file, reason_code", LakeTables.REJECTS)).collectAsList()
                .forEach(row -> found.computeIfAbsent(row.getString(0), ignored -> new LinkedHashMap<>()).put(ReasonCode.valueOf(row.getString(1)), row.getLong(2)));
        for (Case item : CASES) {
            Map<ReasonCode, Long> reasons = found.getOrDefault(item.relativePath(), Map.of());
            if (item.reasons() != null) {
                assertThat(reasons).as(item.name()).isEqualTo(item.reasons());
            }
            else {
                assertThat(reasons).as(item.name() + " rejects something").isNotEmpty();
                assertThat(reasons.keySet()).as(item.name()).isSubsetOf(item.allowed());
                assertThat(item.accepted()).isZero();
            }
        }
    }

    @Test
    void everyMessageNamesFileLineAndField()
    {
        List<Row> rejects = spark().sql(format("SELECT source_file, source_line, field, message, reason_code FROM %s", LakeTables.REJECTS)).collectAsList();
        assertThat(rejects).hasSizeGreaterThan(40);
        Map<String, String> columns = new HashMap<>();
        catalog.entries().forEach(entry -> entry.fields().forEach(field -> columns.put(entry.table() + "." + field.name(), field.column())));
        for (Row reject : rejects) {
            String file = reject.getString(0);
            String message = reject.getString(3);
            assertThat(message).as("message of %s line %s", file, reject.getLong(1)).startsWith(file);
            if (reject.getLong(1) > 0) {
                assertThat(message).containsAnyOf(" line " + reject.getLong(1) + ":", " line " + reject.getLong(1) + ",",
                        " row " + reject.getLong(1) + ":", " row " + reject.getLong(1) + ",");
            }
            if (!reject.isNullAt(2)) {
                String table = file.split("/")[2];
                assertThat(message).as(message).contains("field " + columns.get(table + "." + reject.getString(2)));
            }
            assertThat(message).doesNotContain("Exception");
        }
    }

    @Test
    void rejectsKeepNoUnmaskedSensitiveValue()
    {
        List<Row> rejects = spark().sql(format("SELECT raw_text, message FROM %s WHERE source_file LIKE '%%household_registration%%'", LakeTables.REJECTS)).collectAsList();
        assertThat(rejects).isNotEmpty();
        for (Row reject : rejects) {
            for (String text : Stream.of(reject.getString(0), reject.getString(1)).filter(value -> value != null).toList()) {
                assertThat(text).as(text).doesNotContain("张三").doesNotContainPattern("(?<![\\d-])(\\d{17}[\\dX]|\\d{15})(?!\\d)");
            }
        }
    }

    @Test
    void lineNumbersCountPhysicalLines()
    {
        String file = CASES.stream().filter(item -> item.name().equals("newline-inside-quotes")).findFirst().orElseThrow().relativePath();
        List<Long> lines = spark().table("raw.household_registration").filter(format("_source_file = '%s'", file))
                .select("_source_line").orderBy("_source_line").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
        assertThat(lines).containsExactly(2L, 4L);
        String crOnly = CASES.stream().filter(item -> item.name().equals("cr-line-ends")).findFirst().orElseThrow().relativePath();
        assertThat(spark().table("raw.household_registration").filter(format("_source_file = '%s'", crOnly))
                .select("_source_line").orderBy("_source_line").as(org.apache.spark.sql.Encoders.LONG()).collectAsList()).containsExactly(2L, 3L);
    }

    // builders

    private static final class Builder
    {
        private final String name;
        private final CatalogEntry entry;
        private final String file;
        private byte[] content;
        private String status = IngestJob.STATUS_INGESTED;
        private long accepted;
        private final Map<ReasonCode, Long> reasons = new LinkedHashMap<>();
        private Set<ReasonCode> allowed;
        private int index = -1;

        Builder(String name, CatalogEntry entry, String file, byte[] content)
        {
            this.name = name;
            this.entry = entry;
            this.file = file;
            this.content = content;
            register();
        }

        Builder accepts(long count)
        {
            accepted = count;
            return register();
        }

        Builder rejects(ReasonCode reason, long count)
        {
            reasons.put(reason, count);
            return register();
        }

        Builder allRejected(Set<ReasonCode> reasons)
        {
            allowed = reasons;
            return register();
        }

        Builder status(String status)
        {
            this.status = status;
            return register();
        }

        Builder content(byte[] content)
        {
            this.content = content;
            return register();
        }

        private Builder register()
        {
            Case item = new Case(name, entry, file, content, status, accepted, allowed == null ? Map.copyOf(reasons) : null, allowed);
            if (index < 0) {
                index = CASES.size();
                CASES.add(item);
            }
            else {
                CASES.set(index, item);
            }
            return this;
        }
    }

    private static Builder add(String name, String table, String file, byte[] content)
    {
        CatalogEntry entry = catalog.entries().stream().filter(candidate -> candidate.table().equals(table)).findFirst().orElseThrow();
        return new Builder(name, entry, file, content);
    }

    private static Builder household(String name, Charset charset, String... rows)
    {
        return add(name, "household_registration", "part.csv", csv(HOUSEHOLD_HEADER, charset, rows));
    }

    private static Builder enterprise(String name, Charset charset, String... rows)
    {
        return add(name, "enterprise_registration", "part.csv", csv(ENTERPRISE_HEADER, charset, rows));
    }

    private static byte[] csv(String header, Charset charset, String... rows)
    {
        StringBuilder text = new StringBuilder(header).append('\n');
        for (String row : rows) {
            text.append(row).append('\n');
        }
        return text.toString().getBytes(charset);
    }

    private static byte[] lines(String... lines)
    {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String row(String... cells)
    {
        return String.join(",", cells);
    }

    private static String id()
    {
        return withCheck("13050219800101" + format("%03d", nextSubject++));
    }

    private static String withCheck(String firstSeventeen)
    {
        return firstSeventeen + IdNumbers.checkCharacter(firstSeventeen);
    }

    private static String ok()
    {
        return row(id(), "张三", "1", "1980-01-01", "汉族", "河北省邢台市信都区中兴大街1号", "2026-11-10 08:00:00");
    }

    private static String withId(String id)
    {
        return row(id, "张三", "1", "1980-01-01", "汉族", "河北省邢台市信都区中兴大街1号", "2026-11-10 08:00:00");
    }

    private static String uscc()
    {
        String body = format("MA0B%04d", nextSubject++);
        String first = "91130502" + body + CreditCodes.organizationCheckCharacter(body);
        return first + CreditCodes.checkCharacter(first);
    }

    private static String enterprise()
    {
        return withUscc(uscc());
    }

    private static String withUscc(String uscc)
    {
        return row(uscc, "邢台某某有限公司", "有限责任公司", "张三", "100.50", "2010-05-01", "河北省邢台市信都区", "存续", "2026-11-10 08:00:00");
    }

    private static String permit()
    {
        return format("{\"公民身份号码\": \"%s\", \"姓名\": \"张三\", \"居住地址\": \"河北省邢台市信都区\", \"居住证编号\": \"JZ%06d\", \"签发日期\": \"2025-03-01\", \"更新时间\": \"2026-11-10 08:00:00\"}",
                id(), nextSubject++);
    }

    private static String dropColumn(String row, int column)
    {
        List<String> cells = new ArrayList<>(List.of(row.split(",", -1)));
        cells.remove(column);
        return String.join(",", cells);
    }

    private static String toFullWidth(String value)
    {
        StringBuilder builder = new StringBuilder();
        value.chars().forEach(character -> builder.append((char) (character >= '!' && character <= '~' ? character + 0xFEE0 : character)));
        return builder.toString();
    }

    private static byte[] bom()
    {
        return new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    }

    private static byte[] concat(byte[] first, byte[] second)
    {
        byte[] result = new byte[first.length + second.length];
        System.arraycopy(first, 0, result, 0, first.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }

    private static byte[] garbage(long seed, int size)
    {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] truncate(byte[] bytes, double share)
    {
        byte[] result = new byte[(int) (bytes.length * share)];
        System.arraycopy(bytes, 0, result, 0, result.length);
        return result;
    }

    private static Row allowance(String amount)
    {
        return RowFactory.create(id(), "张三", "河北省邢台市信都区", amount, "2025-01-01", "2026-11-10 08:00:00");
    }

    private static byte[] allowanceParquet(List<Row> rows)
    {
        return parquetWithout(rows, null);
    }

    /** Writes the rows as one Parquet file with the feed's column names, leaving out {@code dropped}, and returns its bytes. */
    private static byte[] parquetWithout(List<Row> rows, String dropped)
    {
        StructType schema = new StructType()
                .add("公民身份号码", DataTypes.StringType)
                .add("姓名", DataTypes.StringType)
                .add("家庭住址", DataTypes.StringType)
                .add("月保障金额", DataTypes.StringType)
                .add("批准日期", DataTypes.StringType)
                .add("更新时间", DataTypes.StringType);
        try {
            Path target = Files.createTempDirectory(directory, "parquet");
            var frame = spark().createDataFrame(rows, schema);
            if (dropped != null) {
                frame = frame.drop(dropped);
            }
            frame.coalesce(1).write().mode("overwrite").parquet(target.resolve("out").toString());
            try (Stream<Path> files = Files.list(target.resolve("out"))) {
                Path part = files.filter(path -> path.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
                return Files.readAllBytes(part);
            }
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SparkSession spark()
    {
        return lake.spark();
    }
}
