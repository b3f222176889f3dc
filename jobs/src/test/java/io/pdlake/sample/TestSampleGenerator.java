package io.pdlake.sample;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.FeedFormat;
import io.pdlake.catalog.FieldType;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.identity.CreditCodes;
import io.pdlake.identity.IdNumbers;
import io.pdlake.identity.IdentifierCheck;
import io.pdlake.ingest.FeedFileParser;
import io.pdlake.ingest.FeedLayout;
import io.pdlake.ingest.ParsedRow;
import io.pdlake.testing.ProjectFiles;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestSampleGenerator
{
    @TempDir
    Path temporary;

    private final ResourceCatalog catalog = ResourceCatalog.load(ProjectFiles.schemas());

    @Test
    void parcelCodesKeepTheirLengthAndStayUniqueBeyondAHundredThousand()
    {
        // the benchmark at 10 million rows needs more parcels than five digits number
        SubjectPool pool = new SubjectPool(new java.util.SplittableRandom(1), 1, 1, 250_000);
        assertThat(pool.parcels).allSatisfy(parcel -> assertThat(parcel.code()).hasSize(19));
        assertThat(pool.parcels.stream().map(SubjectPool.Parcel::code).distinct().count()).isEqualTo(250_000);
    }

    @Test
    void sameOptionsGiveByteIdenticalFiles()
    {
        SampleGenerator.Written first = new SampleGenerator(catalog, new SampleGenerator.Options(500, 7, 0.1, 0.1)).write(temporary.resolve("a"));
        new SampleGenerator(catalog, new SampleGenerator.Options(500, 7, 0.1, 0.1)).write(temporary.resolve("b"));
        new SampleGenerator(catalog, new SampleGenerator.Options(500, 8, 0.1, 0.1)).write(temporary.resolve("c"));
        Map<String, String> a = digests(temporary.resolve("a"));
        assertThat(a).hasSize(first.files()).hasSize(catalog.entries().size() * 2);
        assertThat(digests(temporary.resolve("b"))).isEqualTo(a);
        assertThat(digests(temporary.resolve("c"))).isNotEqualTo(a);
        assertThat(a.keySet()).contains("130500/gongan/household_registration/20261102/part-00001.csv", "130528/ningjin_scjg/ningjin_enterprise_registration/20261103/part-00001.csv");
        assertThat(first.rows()).isBetween(480L, 500L);
        assertThat(first.dirtyRows()).isPositive();
    }

    @Test
    void writesEachEntryInItsDeclaredEncoding()
            throws IOException
    {
        new SampleGenerator(catalog, new SampleGenerator.Options(200, 1, 0, 0)).write(temporary);
        byte[] gbk = Files.readAllBytes(temporary.resolve("130500/gongan/household_registration/20261102/part-00001.csv"));
        assertThat(new String(gbk, "GBK")).startsWith("公民身份号码,姓名,性别");
        byte[] utf8 = Files.readAllBytes(temporary.resolve("130500/scjg/enterprise_registration/20261102/part-00001.csv"));
        assertThat(utf8[0]).isEqualTo((byte) 0xEF);
        byte[] utf8Second = Files.readAllBytes(temporary.resolve("130500/scjg/enterprise_registration/20261103/part-00001.csv"));
        assertThat(new String(utf8Second, "UTF-8")).startsWith("统一社会信用代码,");
        byte[] parquet = Files.readAllBytes(temporary.resolve("130500/zrzy/land_parcel/20261102/part-00001.parquet"));
        assertThat(new String(parquet, 0, 4, "US-ASCII")).isEqualTo("PAR1");
    }

    @Test
    void aChangeBatchRevisitsOneHundredthOfTheFirstBatchsSubjects()
            throws IOException
    {
        SampleGenerator generator = new SampleGenerator(catalog, new SampleGenerator.Options(24_000, 3, 0, 0));
        generator.write(temporary);
        SampleGenerator.Written changes = generator.writeChanges(temporary, java.time.LocalDate.of(2026, 11, 10), 0.01);
        assertThat(changes.files()).isEqualTo(catalog.entries().size());
        // 1,000 rows per entry, 800 in the first batch: 8 subjects each
        java.util.List<String> changed = Files.readAllLines(temporary.resolve("130500/scjg/enterprise_registration/20261110/part-00001.csv"));
        assertThat(changed).hasSize(1 + 8);
        java.util.Set<String> firstKeys = new java.util.HashSet<>();
        Files.readAllLines(temporary.resolve("130500/scjg/enterprise_registration/20261102/part-00001.csv")).forEach(line -> firstKeys.add(line.split(",")[0]));
        assertThat(changed.subList(1, changed.size())).allSatisfy(line -> assertThat(firstKeys).contains(line.split(",")[0]));
        assertThat(changed.subList(1, changed.size()).stream().map(line -> line.split(",")[0]).distinct()).hasSize(8);
        assertThatThrownBy(() -> generator.writeChanges(temporary, SampleGenerator.SECOND_BATCH, 0.01)).hasMessageStartingWith("A change batch must come after");
    }

    @Test
    void withoutDirtEveryIdentifierWrittenPassesTheIdentityChecks()
            throws IOException
    {
        // "identifiers carry valid check characters unless made dirty": every other rejected row in the demo is then dirt on purpose
        new SampleGenerator(catalog, new SampleGenerator.Options(2_000, 5, 0, 0.1)).write(temporary);
        Map<FieldType.Kind, Integer> checked = new EnumMap<>(FieldType.Kind.class);
        for (CatalogEntry entry : catalog.entries()) {
            Path table = temporary.resolve(entry.region()).resolve(entry.department()).resolve(entry.table());
            for (Path file : files(table)) {
                String name = temporary.relativize(file).toString();
                for (List<String> row : rows(entry, file)) {
                    for (int index = 0; index < entry.fields().size(); index++) {
                        CatalogField field = entry.fields().get(index);
                        FieldType.Kind kind = field.type().kind();
                        String value = row.get(index) == null ? "" : row.get(index);
                        if (kind != FieldType.Kind.ID_NUMBER && kind != FieldType.Kind.USCC) {
                            continue;
                        }
                        if (field.name().equals(entry.subjectKey().field()) || field.required()) {
                            assertThat(value).as("%s: %s", name, field.name()).isNotEmpty();
                        }
                        if (value.isEmpty()) {
                            continue;
                        }
                        IdentifierCheck check = kind == FieldType.Kind.ID_NUMBER ? IdNumbers.check(value, SampleGenerator.SECOND_BATCH) : CreditCodes.check(value);
                        assertThat(check.problem()).as("%s: %s: %s", name, field.name(), value).isEmpty();
                        // already in normal form: no repair by ingest is needed either
                        assertThat(check.normalized()).as("%s: %s", name, field.name()).isEqualTo(value);
                        checked.merge(kind, 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(checked.get(FieldType.Kind.ID_NUMBER)).isGreaterThan(500);
        assertThat(checked.get(FieldType.Kind.USCC)).isGreaterThan(500);
    }

    @Test
    void rejectsBadOptions()
    {
        assertThatThrownBy(() -> new SampleGenerator.Options(0, 1, 0, 0)).hasMessage("rows must be positive: 0");
        assertThatThrownBy(() -> new SampleGenerator.Options(10, 1, 2, 0)).hasMessage("dirty rate must be between 0 and 1: 2.0");
        assertThatThrownBy(() -> new SampleGenerator.Options(10, 1, 0.1, 0, Map.of(SampleGenerator.Dirt.LOWER_CASE, -1.0)))
                .hasMessage("weight of dirt LOWER_CASE must be 0 or more: -1.0");
        Map<SampleGenerator.Dirt, Double> none = new java.util.EnumMap<>(SampleGenerator.Dirt.class);
        for (SampleGenerator.Dirt dirt : SampleGenerator.Dirt.values()) {
            none.put(dirt, 0.0);
        }
        assertThatThrownBy(() -> new SampleGenerator.Options(10, 1, 0.1, 0, none)).hasMessage("a dirty rate above 0 needs at least one kind of dirt with a weight above 0");
    }

    @Test
    void dirtWeightsChooseTheKindsOfDirt()
            throws IOException
    {
        // only missing keys: every dirty row has an empty key, every other key is clean and valid
        Map<SampleGenerator.Dirt, Double> weights = new java.util.EnumMap<>(SampleGenerator.Dirt.class);
        for (SampleGenerator.Dirt dirt : SampleGenerator.Dirt.values()) {
            weights.put(dirt, dirt == SampleGenerator.Dirt.MISSING_KEY ? 1.0 : 0.0);
        }
        new SampleGenerator(catalog, new SampleGenerator.Options(4_800, 5, 0.5, 0, weights)).write(temporary);
        java.util.List<String> lines = Files.readAllLines(temporary.resolve("130500/scjg/enterprise_registration/20261102/part-00001.csv"));
        java.util.List<String> keys = lines.subList(1, lines.size()).stream().map(line -> line.split(",", -1)[0]).toList();
        long missing = keys.stream().filter(String::isEmpty).count();
        assertThat(missing).isBetween(keys.size() * 3L / 10, keys.size() * 7L / 10);
        assertThat(keys.stream().filter(key -> !key.isEmpty())).allSatisfy(key -> {
            io.pdlake.identity.IdentifierCheck check = io.pdlake.identity.Identifiers.check(key, java.time.LocalDate.of(2026, 11, 29));
            assertThat(check.isValid()).as(key).isTrue();
            assertThat(check.normalized()).isEqualTo(key);
        });
    }

    private static List<Path> files(Path directory)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The values of each row of one feed file, in the entry's field order, read the way ingest reads them. */
    private static List<List<String>> rows(CatalogEntry entry, Path file)
            throws IOException
    {
        List<List<String>> rows = new ArrayList<>();
        if (entry.format() == FeedFormat.PARQUET) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri())).build()) {
                for (Group group = reader.read(); group != null; group = reader.read()) {
                    List<String> values = new ArrayList<>();
                    for (CatalogField field : entry.fields()) {
                        values.add(group.getFieldRepetitionCount(field.column()) == 0 ? null : group.getValueToString(group.getType().getFieldIndex(field.column()), 0));
                    }
                    rows.add(values);
                }
            }
            return rows;
        }
        try (InputStream input = Files.newInputStream(file)) {
            Iterator<ParsedRow> parsed = FeedFileParser.parse(input, FeedLayout.of(entry), file.toString());
            while (parsed.hasNext()) {
                ParsedRow row = parsed.next();
                assertThat(row.rejection()).as("%s line %s", file, row.line()).isEmpty();
                rows.add(row.values());
            }
        }
        return rows;
    }

    private static Map<String, String> digests(Path root)
    {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                digests.put(root.relativize(file).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return digests;
    }
}
