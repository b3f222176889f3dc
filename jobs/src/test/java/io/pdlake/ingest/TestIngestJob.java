package io.pdlake.ingest;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.identity.IdNumbers;
import io.pdlake.identity.CreditCodes;
import io.pdlake.lake.LakeTables;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;

/** Ingest against a real local SparkSession and real Iceberg tables. The methods run in order: later ones rerun. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestIngestJob
{
    private static final String HOUSEHOLD = "130500/gongan/household_registration/20261110/part-00001.csv";
    private static final String SHOP = "130500/scjg/individual_business/20261110/part-00001.csv";
    private static final String RARE_NAME = "邢台𠀀記小吃店";

    @TempDir
    static Path directory;

    private static TestingLake.Lake lake;
    private static ResourceCatalog catalog;
    private static SampleGenerator.Written sample;

    @BeforeAll
    static void ingestSampleAndHandWrittenFeeds()
            throws IOException
    {
        lake = TestingLake.create(directory);
        catalog = ResourceCatalog.load(ProjectFiles.schemas());
        sample = new SampleGenerator(catalog, new SampleGenerator.Options(480, 3, 0.1, 0.1)).write(lake.landing());
        writeHandWrittenFeeds(lake.landing());
        // three entries at once, as the profiles do: the cases below must not depend on the order of entries
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).withParallelism(3).run();
    }

    static String id(String firstSeventeen)
    {
        return firstSeventeen + IdNumbers.checkCharacter(firstSeventeen);
    }

    private static void writeHandWrittenFeeds(Path landing)
            throws IOException
    {
        String withX = null;
        for (int sequence = 100; withX == null; sequence++) {
            String candidate = id("13050319750615" + sequence);
            if (candidate.endsWith("X")) {
                withX = candidate;
            }
        }
        String good = id("13050219800101123");
        String bad = good.substring(0, 17) + (good.charAt(17) == '1' ? '2' : '1');
        List<String> lines = List.of(
                "公民身份号码,姓名,性别,出生日期,民族,户籍地址,更新时间",
                good + ",张三,1,1980-01-01,汉族,河北省邢台市信都区中兴大街1号,2026-11-10 08:00:00",
                "130502800101124,李四,1,1980-01-01,汉族,河北省邢台市襄都区新华路2号,2026-11-10 08:00:00",
                withX.toLowerCase() + ",王五,1,1975-06-15,回族,河北省邢台市南和区守敬路3号,2026-11-10 08:00:00",
                fullWidth(id("13050519900202222")) + ",赵六,2,1990-02-02,汉族,河北省邢台市任泽区钢铁路4号,2026-11-10 08:00:00",
                bad + ",孙七,1,1980-01-01,汉族,地址,2026-11-10 08:00:00",
                ",周八,1,1980-01-01,汉族,地址,2026-11-10 08:00:00",
                id("13050219800303333") + ",吴九,1,1980-02-30,汉族,地址,2026-11-10 08:00:00",
                id("13050219800404444") + ",郑十,1,1980-04-04,汉族,地址",
                id("13050219800505555") + ",王\"小\"二,1,1980-05-05,汉族,地址,2026-11-10 08:00:00",
                id("13050219800606666") + ",,1,1980-06-06,汉族,地址,2026-11-10 08:00:00");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((String.join("\n", lines) + "\n").getBytes(Charset.forName("GBK")));
        bytes.write(id("13050219800707777").getBytes(Charset.forName("GBK")));
        bytes.write(new byte[] {',', (byte) 0xFF, (byte) 0xFF, ','});
        bytes.write("1,1980-07-07,汉族,地址,2026-11-10 08:00:00\n".getBytes(Charset.forName("GBK")));
        write(landing.resolve(HOUSEHOLD), bytes.toByteArray());

        String first = "92130502MA0000001";
        String uscc = first.substring(0, 8) + organizationCode("MA000000") + "";
        uscc = uscc + CreditCodes.checkCharacter(uscc);
        String shop = "统一社会信用代码,字号名称,经营者身份证号,经营者姓名,成立日期,经营场所,更新时间\n"
                + uscc + "," + RARE_NAME + "," + good + ",张三,2020-01-01,河北省邢台市信都区泉北大街8号,2026-11-10 09:00:00\n";
        write(landing.resolve(SHOP), shop.getBytes(Charset.forName("GB18030")));

        // the same bytes as an earlier file, under a new name
        Path earlier = landing.resolve("130500/gongan/household_registration/20261102/part-00001.csv");
        write(landing.resolve("130500/gongan/household_registration/20261111/resent.csv"), Files.readAllBytes(earlier));
        write(landing.resolve("130500/shuiwu/taxpayer_registration/20261110/broken.parquet"), "this is not parquet".getBytes(Charset.forName("UTF-8")));
        write(landing.resolve("130500/gongan/household_registration/20261112/empty.csv"), new byte[0]);
        write(landing.resolve("130500/nobody/things/20261110/a.csv"), "a,b\n1,2\n".getBytes(Charset.forName("UTF-8")));
    }

    private static String organizationCode(String body)
    {
        return body + CreditCodes.organizationCheckCharacter(body);
    }

    private static String fullWidth(String value)
    {
        StringBuilder builder = new StringBuilder();
        value.chars().forEach(character -> builder.append((char) (character + 0xFEE0)));
        return builder.toString();
    }

    private static void write(Path file, byte[] bytes)
            throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static SparkSession spark()
    {
        return lake.spark();
    }

    @Test
    @Order(1)
    void everyRowReadIsAcceptedOrRejectedAndCountedPerFile()
    {
        List<Row> files = spark().sql(format("SELECT source_file, rows_read, rows_accepted, rows_rejected, status FROM %s", LakeTables.FEED_BATCHES)).collectAsList();
        assertThat(files).isNotEmpty().allSatisfy(row -> assertThat(row.getLong(1)).as(row.getString(0)).isEqualTo(row.getLong(2) + row.getLong(3)));

        long sampleRead = spark().sql(format("SELECT sum(rows_read) FROM %s WHERE batch_id LIKE '%%/2026110_'", LakeTables.FEED_BATCHES)).first().getLong(0);
        assertThat(sampleRead).isEqualTo(sample.rows());

        long accepted = 0;
        for (var entry : catalog.entries()) {
            accepted += spark().table(entry.rawTable()).count();
        }
        long rejected = spark().sql(format("SELECT count(*) FROM %s WHERE source_line > 0", LakeTables.REJECTS)).first().getLong(0);
        Row totals = spark().sql(format("SELECT sum(rows_read), sum(rows_accepted), sum(rows_rejected) FROM %s", LakeTables.FEED_BATCHES)).first();
        assertThat(accepted).isEqualTo(totals.getLong(1));
        assertThat(rejected).isEqualTo(totals.getLong(2));
        assertThat(totals.getLong(0)).isEqualTo(sample.rows() + 11 + 1);
    }

    @Test
    @Order(2)
    void eachDirtyRowKindLandsWithItsReasonCodeAndLine()
    {
        Map<Long, String> reasons = new HashMap<>();
        spark().sql(format("SELECT source_line, reason_code, message FROM %s WHERE source_file = '%s'", LakeTables.REJECTS, HOUSEHOLD))
                .collectAsList()
                .forEach(row -> {
                    reasons.put(row.getLong(0), row.getString(1));
                    assertThat(row.getString(2)).startsWith(HOUSEHOLD + " line " + row.getLong(0));
                });
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                6L, "ID_NUMBER_CHECK_DIGIT",
                7L, "ID_NUMBER_MISSING",
                8L, "BAD_DATE",
                9L, "WRONG_COLUMN_COUNT",
                10L, "MALFORMED_QUOTING",
                11L, "REQUIRED_MISSING",
                12L, "ENCODING_ERROR"));
        List<Long> acceptedLines = spark().sql(format("SELECT _source_line FROM raw.household_registration WHERE _source_file = '%s' ORDER BY 1", HOUSEHOLD))
                .as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
        assertThat(acceptedLines).containsExactly(2L, 3L, 4L, 5L);
        Row message = spark().sql(format("SELECT message, field, raw_text FROM %s WHERE source_file = '%s' AND source_line = 8", LakeTables.REJECTS, HOUSEHOLD)).first();
        assertThat(message.getString(0)).contains("field 出生日期 (birth_date)");
        assertThat(message.getString(1)).isEqualTo("birth_date");
        // the raw text keeps the row findable, with the values the catalog marks sensitive masked
        assertThat(message.getString(2)).contains("吴*,1,19******30").doesNotContain("吴九");
    }

    @Test
    @Order(3)
    void standardisesIdentifiersAndKeepsChineseTextFromGbkAndGb18030()
    {
        List<Row> rows = spark().sql(format("SELECT id_number, name, household_address FROM raw.household_registration WHERE _source_file = '%s' ORDER BY _source_line", HOUSEHOLD))
                .collectAsList();
        assertThat(rows.get(0).getString(1)).isEqualTo("张三");
        assertThat(rows.get(0).getString(2)).isEqualTo("河北省邢台市信都区中兴大街1号");
        assertThat(rows.get(1).getString(0)).isEqualTo(id("13050219800101124")).hasSize(18);
        assertThat(rows.get(2).getString(0)).endsWith("X");
        assertThat(rows.get(3).getString(0)).isEqualTo(id("13050519900202222"));
        Row shop = spark().sql(format("SELECT name, operator_name FROM raw.individual_business WHERE _source_file = '%s'", SHOP)).first();
        assertThat(shop.getString(0)).isEqualTo(RARE_NAME);
        assertThat(shop.getString(1)).isEqualTo("张三");
    }

    @Test
    @Order(4)
    void recordsDuplicateUnreadableEmptyAndUncataloguedFiles()
    {
        Map<String, String> status = new HashMap<>();
        spark().sql(format("SELECT source_file, status FROM %s", LakeTables.FEED_BATCHES)).collectAsList()
                .forEach(row -> status.put(row.getString(0), row.getString(1)));
        assertThat(status).containsEntry("130500/gongan/household_registration/20261111/resent.csv", IngestJob.STATUS_DUPLICATE)
                .containsEntry("130500/shuiwu/taxpayer_registration/20261110/broken.parquet", IngestJob.STATUS_UNREADABLE)
                .containsEntry("130500/gongan/household_registration/20261112/empty.csv", IngestJob.STATUS_EMPTY)
                .containsEntry("130500/nobody/things/20261110/a.csv", IngestJob.STATUS_UNCATALOGUED)
                .containsEntry(HOUSEHOLD, IngestJob.STATUS_INGESTED);
        Row unreadable = spark().sql(format("SELECT reason_code, source_line, message FROM %s WHERE source_file LIKE '%%broken.parquet'", LakeTables.REJECTS)).first();
        assertThat(unreadable.getString(0)).isEqualTo("FILE_UNREADABLE");
        assertThat(unreadable.getLong(1)).isZero();
        assertThat(unreadable.getString(2)).startsWith("130500/shuiwu/taxpayer_registration/20261110/broken.parquet: the file could not be read at all");
    }

    @Test
    @Order(5)
    void ingestingTheSameFilesAgainChangesNothing()
    {
        Map<String, Long> before = snapshots();
        List<IngestSummary> summaries = new IngestJob(spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        assertThat(summaries).isEmpty();
        assertThat(snapshots()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void aRunInterruptedBeforeTheBatchWasMarkedDoneIsCompletedWithoutDuplicates()
    {
        long rawBefore = spark().table("raw.household_registration").count();
        long rejectsBefore = spark().table(LakeTables.REJECTS).count();
        // as if the job died after writing raw and rejects but before meta.feed_batches
        spark().sql(format("DELETE FROM %s WHERE batch_id = '130500/gongan/household_registration/20261110'", LakeTables.FEED_BATCHES));
        List<IngestSummary> summaries = new IngestJob(spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        assertThat(summaries).singleElement().satisfies(summary -> {
            assertThat(summary.rowsRead()).isEqualTo(11);
            assertThat(summary.rowsAccepted()).isEqualTo(4);
        });
        assertThat(spark().table("raw.household_registration").count()).isEqualTo(rawBefore);
        assertThat(spark().table(LakeTables.REJECTS).count()).isEqualTo(rejectsBefore);
    }

    private static Map<String, Long> snapshots()
    {
        Map<String, Long> snapshots = new HashMap<>();
        List<String> tables = new ArrayList<>(List.of(LakeTables.REJECTS, LakeTables.FEED_BATCHES));
        catalog.entries().forEach(entry -> tables.add(entry.rawTable()));
        for (String table : tables) {
            // the current snapshot, not the largest id: snapshot ids are random
            snapshots.put(table, spark().sql(format("SELECT snapshot_id FROM %s.history ORDER BY made_current_at DESC LIMIT 1", table)).first().getLong(0));
        }
        return snapshots;
    }
}
