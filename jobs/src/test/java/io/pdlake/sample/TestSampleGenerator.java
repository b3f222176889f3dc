package io.pdlake.sample;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
