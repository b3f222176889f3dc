package io.pdlake.reliability;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.ingest.IngestJob;
import io.pdlake.lake.LakeConfig;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.testing.CrashingFileIO;
import io.pdlake.testing.LakeContents;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety: the real ingest or consolidation runs in a child JVM that SIGKILLs itself when it
 * writes a chosen file (before, during and after Iceberg commits); the job is then rerun and the
 * lake must hold exactly what an uninterrupted run gives: the same rows, no duplicates, nothing lost.
 */
class TestCrashRecovery
{
    /** Enough entries for every base database's authoritative and secondary sources, few enough to stay quick. */
    private static final Set<String> KEPT = Set.of("household_registration", "social_insurance_enrolment", "enterprise_registration", "food_business_license");

    @TempDir
    static Path directory;

    private static Path landing;
    private static ResourceCatalog catalog;
    private static Map<String, List<String>> expected;

    @BeforeAll
    static void anUninterruptedRun()
            throws IOException
    {
        catalog = ResourceCatalog.load(ProjectFiles.schemas());
        landing = directory.resolve("feeds");
        new SampleGenerator(catalog, new SampleGenerator.Options(1_200, 11, 0.1, 0.1)).write(landing);
        try (Stream<Path> tables = Files.list(landing).flatMap(ProjectFilesWalk::children).flatMap(ProjectFilesWalk::children)) {
            for (Path table : tables.toList()) {
                if (!KEPT.contains(table.getFileName().toString())) {
                    ProjectFilesWalk.delete(table);
                }
            }
        }
        TestingLake.Lake lake = lake("uninterrupted");
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        new ConsolidateJob(lake.spark(), catalog, lake.config().catalogName(), Clock.systemUTC(), line -> {}).withLookupKeys(lake.config().lookupKeys()).run(false);
        expected = LakeContents.of(lake.spark());
        assertThat(expected.get("raw.household_registration")).isNotEmpty();
        assertThat(expected.get("base.person")).isNotEmpty();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
            "ingest, data:raw/household_registration:1",
            "ingest, manifest:raw/household_registration:1",
            "ingest, metadata:raw/household_registration:2",
            "ingest, data:quality/rejects:1",
            "ingest, metadata:quality/rejects:2",
            "ingest, metadata:meta/feed_batches:2",
            "ingest, data:raw/enterprise_registration:1",
            "consolidate, data:base/person:1",
            "consolidate, metadata:base/person:2",
            "consolidate, data:quality/conflicts:1",
            "consolidate, metadata:meta/consolidation_watermarks:2",
            "consolidate, data:base/legal_entity:1",
    })
    void aRerunAfterSigkillGivesTheUninterruptedTables(String job, String point)
            throws IOException, InterruptedException
    {
        String name = point.replaceAll("[^a-z0-9]+", "-");
        TestingLake.Lake lake = lake(job + "-" + name);
        if (job.equals("consolidate")) {
            new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        }
        Path log = lake.landing().getParent().resolve("child.log");
        Process child = child(lake.config(), job, point, log);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the child ends").isTrue();
        String output = Files.readString(log);
        assertThat(child.exitValue()).as("killed by SIGKILL (137); output:%n%s", tail(output)).isEqualTo(137);
        assertThat(output).contains("crash point " + point + " reached");

        // the rerun, as the scheduler's retry would do it: a fresh session, the same jobs
        TestingLake.Lake rerun = lake(job + "-" + name);
        new IngestJob(rerun.spark(), catalog, rerun.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        new ConsolidateJob(rerun.spark(), catalog, rerun.config().catalogName(), Clock.systemUTC(), line -> {}).withLookupKeys(rerun.config().lookupKeys()).run(false);
        Map<String, List<String>> actual = LakeContents.of(rerun.spark());
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String table : expected.keySet()) {
            assertThat(actual.get(table)).as("%s after a crash at %s", table, point).isEqualTo(expected.get(table));
        }
    }

    private static TestingLake.Lake lake(String name)
            throws IOException
    {
        Path root = directory.resolve(name);
        if (!Files.exists(root.resolve("landing"))) {
            ProjectFiles.copyTree(landing, root.resolve("landing"));
        }
        return TestingLake.create(root);
    }

    private static Process child(LakeConfig config, String job, String point, Path log)
            throws IOException
    {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens") || argument.startsWith("-Dfile.encoding")) {
                command.add(argument);
            }
        }
        // C1 only: the child lives seconds, and C2's compilations competed with it for the two
        // cores (the children's time, 202 s over the twelve cases, fell to 161 s)
        command.addAll(List.of("-Xmx1500m", "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=" + ProjectFiles.root().resolve("conf/log4j2.properties"),
                "-cp", System.getProperty("java.class.path"), "io.pdlake.cli.Pdlake", "--home", ProjectFiles.root().toString()));
        for (String key : List.of(LakeConfig.CATALOG_URI, LakeConfig.WAREHOUSE, LakeConfig.LANDING_DIR, LakeConfig.STORAGE_ALLOWED, LakeConfig.LOOKUP_SECRET_FILE)) {
            command.addAll(List.of("--conf", key + "=" + config.value(key).orElseThrow()));
        }
        command.addAll(List.of("--conf", "spark.sql.shuffle.partitions=2", "--conf", "spark.sql.catalog." + config.catalogName() + ".io-impl=" + CrashingFileIO.class.getName(),
                job));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(CrashingFileIO.VARIABLE, point);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static String tail(String output)
    {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Small file-tree helpers for pruning the sample feeds. */
    private static final class ProjectFilesWalk
    {
        static Stream<Path> children(Path folder)
        {
            try {
                return Files.isDirectory(folder) ? Files.list(folder).toList().stream() : Stream.empty();
            }
            catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static void delete(Path tree)
                throws IOException
        {
            try (Stream<Path> paths = Files.walk(tree)) {
                for (Path path : paths.sorted((left, right) -> right.compareTo(left)).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
