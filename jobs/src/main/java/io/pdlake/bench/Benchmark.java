package io.pdlake.bench;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.identity.LookupKeys;
import io.pdlake.ingest.IngestJob;
import io.pdlake.ingest.IngestSummary;
import io.pdlake.lake.LakeConfig;
import io.pdlake.lake.LakeTables;
import io.pdlake.quality.DutyChange;
import io.pdlake.quality.FreshnessPolicy;
import io.pdlake.quality.ScoreJob;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.thematic.ThematicJob;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

/**
 * The benchmark: sample feeds of a given size through the whole pipeline, with baselines measured
 * in the same process on the same files: the floor (Spark reading the feeds and writing them once
 * as Parquet, no logic) and an incremental batch changing 1% of the subjects. Each size gets a
 * fresh lake and its own Spark session on the one Spark context; timings are wall-clock.
 */
public final class Benchmark
{
    public static final double INCREMENTAL_SHARE = 0.01;
    /** A batch about as small as one can be: what an incremental run costs whatever the batch's size. */
    public static final double TINY_SHARE = 0.0001;
    private static final LocalDate INCREMENTAL_BATCH = LocalDate.of(2026, 11, 10);
    private static final long SEED = 20261128;

    private final SparkSession base;
    private final LakeConfig config;
    private final ResourceCatalog catalog;
    private final WorkingCalendar calendar;
    private final List<DutyChange> dutyChanges;
    private final Path thematicDirectory;
    private final Path workDirectory;
    private final Consumer<String> progress;

    public Benchmark(SparkSession base, LakeConfig config, ResourceCatalog catalog, WorkingCalendar calendar, List<DutyChange> dutyChanges, Path thematicDirectory,
            Path workDirectory, Consumer<String> progress)
    {
        this.base = requireNonNull(base, "base is null");
        this.config = requireNonNull(config, "config is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.calendar = requireNonNull(calendar, "calendar is null");
        this.dutyChanges = List.copyOf(requireNonNull(dutyChanges, "dutyChanges is null"));
        this.thematicDirectory = requireNonNull(thematicDirectory, "thematicDirectory is null");
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * One timed step: wall seconds for so many rows, the CPU seconds the whole process used
     * meanwhile (all threads, JIT and GC included), which says whether a stage computes or waits,
     * and for a pipeline stage the Spark jobs it ran and the commits it made (-1: not counted).
     */
    public record Stage(String name, double seconds, long rows, double cpuSeconds, long jobs, long commits)
    {
        public Stage(String name, double seconds, long rows)
        {
            this(name, seconds, rows, Double.NaN);
        }

        public Stage(String name, double seconds, long rows, double cpuSeconds)
        {
            this(name, seconds, rows, cpuSeconds, -1, -1);
        }

        Stage withJobs(long jobs)
        {
            return new Stage(name, seconds, rows, cpuSeconds, jobs, commits);
        }

        Stage withCommits(long commits)
        {
            return new Stage(name, seconds, rows, cpuSeconds, jobs, commits);
        }

        public double rowsPerSecond()
        {
            return seconds <= 0 ? 0 : rows / seconds;
        }

        /** CPU seconds over wall seconds times cores: 1 when every core was busy throughout. */
        public double cpuBusy(int cores)
        {
            return seconds <= 0 || Double.isNaN(cpuSeconds) ? Double.NaN : cpuSeconds / (seconds * cores);
        }
    }

    /** p50 and p95 of a fixed analyst query on a warm Trino, in milliseconds of client wall time. */
    public record QueryLatency(String query, String sql, double p50Milliseconds, double p95Milliseconds, int runs) {}

    /**
     * The same MERGE of changed rows into a copy of base.person laid out as the base tables are,
     * once copy-on-write and once merge-on-read: why the base tables are merge-on-read, in figures.
     */
    public record MergeModes(long tableRows, long changedRows, MergeTiming copyOnWrite, MergeTiming mergeOnRead) {}

    /** One MERGE: wall seconds, and the files its commit added and removed. */
    public record MergeTiming(String mode, double seconds, long addedDataFiles, long removedDataFiles, long addedDeleteFiles) {}

    /** Everything measured at one size. */
    public record SizeResult(
            long requestedRows,
            long feedRows,
            int feedFiles,
            double generateSeconds,
            List<Stage> stages,
            Stage floor,
            Stage duckDb,
            long duckDbBaseRows,
            long incrementalRows,
            List<Stage> incremental,
            long tinyRows,
            List<Stage> tiny,
            MergeModes mergeModes,
            long peakHeapBytes,
            long peakLiveHeapBytes,
            long baseRows,
            List<QueryLatency> trino,
            List<String> disagreements)
    {
        public double pipelineSeconds()
        {
            return stages.stream().mapToDouble(Stage::seconds).sum();
        }

        public double incrementalSeconds()
        {
            return incremental.stream().mapToDouble(Stage::seconds).sum();
        }

        public double tinySeconds()
        {
            return tiny.stream().mapToDouble(Stage::seconds).sum();
        }

        /** The tiny batch's time over the full run's: the share of an incremental run that does not shrink with the batch. */
        public double tinyRatio()
        {
            return tinySeconds() / pipelineSeconds();
        }

        public double floorRatio()
        {
            return pipelineSeconds() / floor.seconds();
        }

        /** Pipeline time over the DuckDB peer's on the same files. */
        public double duckDbRatio()
        {
            return pipelineSeconds() / duckDb.seconds();
        }

        public double incrementalRatio()
        {
            return incrementalSeconds() / pipelineSeconds();
        }

        /** Microseconds of pipeline time per feed row. */
        public double microsecondsPerRow()
        {
            return pipelineSeconds() * 1e6 / feedRows;
        }
    }

    /** Runs one size; with {@code trino}, also the analyst queries on a Trino started over its lake. */
    public SizeResult run(long rows, boolean trino)
    {
        if (rows < 100 || rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows must be between 100 and " + Integer.MAX_VALUE + ": " + rows);
        }
        Path directory = workDirectory.resolve("rows-" + rows);
        deleteTree(directory);
        Path landing = directory.resolve("landing");
        progress.accept(format("bench %,d rows: generating feeds under %s", rows, landing));
        SampleGenerator generator = new SampleGenerator(catalog, new SampleGenerator.Options((int) rows, SEED, 0.02, 0.05));
        long generateStart = System.nanoTime();
        SampleGenerator.Written written = generator.write(landing);
        double generateSeconds = seconds(generateStart);

        LakeConfig lake = config
                .with(LakeConfig.CATALOG_URI, "jdbc:sqlite:" + directory.resolve("catalog.db"))
                .with(LakeConfig.WAREHOUSE, directory.resolve("warehouse").toString())
                .with(LakeConfig.LANDING_DIR, landing.toString());
        // a session of its own, on the size's own catalog and warehouse, sharing the Spark context
        SparkSession spark = base.newSession();
        spark.conf().set("spark.sql.catalog." + lake.catalogName() + ".uri", lake.catalogUri());
        spark.conf().set("spark.sql.catalog." + lake.catalogName() + ".warehouse", lake.warehouse());
        // the floor reads GBK feeds with Spark's own CSV reader, which Spark 4 allows only with the Java charsets
        spark.conf().set("spark.sql.legacy.javaCharsets", "true");
        List<String> disagreements = new ArrayList<>();
        LookupKeys lookupKeys = lake.lookupKeys();
        try (HeapSampler heap = new HeapSampler(); StageWork work = new StageWork(spark.sparkContext())) {
            Stage firstFloor = floor(spark, landing, directory.resolve("floor"), written.rows());
            String full = "rows-" + rows + "/full/";
            List<Stage> stages = pipeline(spark, lake, lookupKeys, written.rows(), disagreements, work, full);
            long baseRows = baseRows(spark);
            // the floor again, now as warm as the pipeline was: the faster of the two is the floor
            Stage secondFloor = floor(spark, landing, directory.resolve("floor"), written.rows());
            Stage floor = firstFloor.seconds() <= secondFloor.seconds() ? firstFloor : secondFloor;
            double peerCpu = processCpuSeconds();
            DuckDbPeer.Result peer = DuckDbPeer.run(catalog, landing, directory.resolve("duckdb"), Runtime.getRuntime().availableProcessors(), "4GB");
            Stage duckDb = new Stage("duckdb", peer.seconds(), written.rows(), processCpuSeconds() - peerCpu);
            progress.accept(format("  DuckDB peer (standardise, dedupe, one-source merge in SQL): %.1f s, of which %.1f s transcoding GBK; %,d base rows",
                    peer.seconds(), peer.transcodeSeconds(), peer.baseRows()));

            SampleGenerator.Written changes = generator.writeChanges(landing, INCREMENTAL_BATCH, INCREMENTAL_SHARE);
            progress.accept(format("bench %,d rows: incremental batch of %,d rows (%.0f%% of subjects)", rows, changes.rows(), INCREMENTAL_SHARE * 100));
            String incrementalRun = "rows-" + rows + "/incremental/";
            List<Stage> incremental = pipeline(spark, lake, lookupKeys, changes.rows(), disagreements, work, incrementalRun);
            SampleGenerator.Written tinyChanges = generator.writeChanges(landing, INCREMENTAL_BATCH.plusDays(1), TINY_SHARE);
            progress.accept(format("bench %,d rows: tiny batch of %,d rows (%.2f%% of subjects, at least one per entry)", rows, tinyChanges.rows(), TINY_SHARE * 100));
            String tinyRun = "rows-" + rows + "/tiny/";
            List<Stage> tiny = pipeline(spark, lake, lookupKeys, tinyChanges.rows(), disagreements, work, tinyRun);
            MergeModes mergeModes = mergeModes(spark, lake.catalogName());
            progress.accept(format("  MERGE of %,d changed rows into %,d: copy-on-write %.1f s, merge-on-read %.1f s", mergeModes.changedRows(), mergeModes.tableRows(),
                    mergeModes.copyOnWrite().seconds(), mergeModes.mergeOnRead().seconds()));
            List<QueryLatency> latencies = List.of();
            if (trino) {
                String uscc = spark.sql("SELECT min(uscc) FROM base.legal_entity").first().getString(0);
                String idNumber = spark.sql("SELECT min(id_number) FROM base.person").first().getString(0);
                latencies = new TrinoProbe(config.home(), progress).measure(lake, catalog, directory.resolve("trino"), TrinoProbe.queries(uscc, idNumber));
            }
            // counted now: the listener hears of a job after it started, and by now of every one
            return new SizeResult(rows, written.rows(), written.files(), generateSeconds, counted(stages, work, full), floor, duckDb, peer.baseRows(), changes.rows(),
                    counted(incremental, work, incrementalRun), tinyChanges.rows(), counted(tiny, work, tinyRun),
                    mergeModes, heap.peakBytes(), heap.peakLiveBytes(), baseRows, latencies, List.copyOf(disagreements));
        }
    }

    /**
     * Copies base.person twice, bucketed and ordered by key like the base table, one copy
     * copy-on-write and one merge-on-read, and MERGEs the same 1% of its rows, changed, into each.
     */
    private static MergeModes mergeModes(SparkSession spark, String catalogName)
    {
        spark.sql(format("CREATE NAMESPACE IF NOT EXISTS %s.bench", catalogName));
        long rows = spark.table("base.person").count();
        // 1%, but at least some ten rows in a small lake
        double fraction = Math.max(INCREMENTAL_SHARE, Math.min(1.0, 10.0 / Math.max(rows, 1)));
        spark.table("base.person").sample(false, fraction, 7)
                .withColumn("phone", concat(coalesce(col("phone"), lit("")), lit("0")))
                .writeTo("bench.merge_changes").using("iceberg").createOrReplace();
        long changed = spark.table("bench.merge_changes").count();
        MergeTiming copyOnWrite = merge(spark, catalogName, "copy-on-write");
        MergeTiming mergeOnRead = merge(spark, catalogName, "merge-on-read");
        return new MergeModes(rows, changed, copyOnWrite, mergeOnRead);
    }

    private static MergeTiming merge(SparkSession spark, String catalogName, String mode)
    {
        String table = "bench.person_" + mode.replace('-', '_');
        spark.sql(format("CREATE OR REPLACE TABLE %1$s USING iceberg PARTITIONED BY (bucket(8, id_number)) TBLPROPERTIES (%2$s, 'write.merge.mode'='%3$s', "
                + "'write.update.mode'='%3$s', 'write.delete.mode'='%3$s', 'write.distribution-mode'='hash') AS SELECT * FROM base.person",
                table, LakeTables.TABLE_PROPERTIES_SQL, mode));
        spark.sql(format("ALTER TABLE %s.%s WRITE DISTRIBUTED BY PARTITION LOCALLY ORDERED BY id_number", catalogName, table));
        long start = System.nanoTime();
        spark.sql(format("MERGE INTO %s t USING bench.merge_changes s ON t.id_number = s.id_number WHEN MATCHED THEN UPDATE SET *", table));
        double seconds = seconds(start);
        Map<String, String> summary = LakeTables.icebergTable(spark, catalogName, table).currentSnapshot().summary();
        return new MergeTiming(mode, seconds, count(summary, "added-data-files"), count(summary, "deleted-data-files"),
                count(summary, "added-delete-files"));
    }

    private static long count(Map<String, String> summary, String key)
    {
        String value = summary.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }

    /**
     * The four stages, timed, over whatever the landing holds that the lake has not ingested: the
     * full load, or a later batch. Each stage's jobs are tagged {@code run} and its name, and its
     * commits counted.
     */
    private List<Stage> pipeline(SparkSession spark, LakeConfig lake, LookupKeys lookupKeys, long rows, List<String> disagreements, StageWork work, String run)
    {
        List<Stage> stages = new ArrayList<>();
        stages.add(tracked(spark, lake, work, run + "ingest", () -> ingest(spark, lake, rows, disagreements)));
        stages.add(tracked(spark, lake, work, run + "consolidate", () -> timed("consolidate", rows,
                () -> new ConsolidateJob(spark, catalog, lake.catalogName(), Clock.systemUTC(), line -> progress.accept("    " + line))
                        .withLookupKeys(lookupKeys).withParallelism(lake.parallelism("consolidate")).run(false))));
        stages.add(tracked(spark, lake, work, run + "thematic", () -> timed("thematic", rows, () -> new ThematicJob(spark, lake.catalogName(), thematicDirectory, line -> {})
                .withParallelism(lake.parallelism("thematic")).run())));
        stages.add(tracked(spark, lake, work, run + "score", () -> timed("score", rows, this.score(spark))));
        return List.copyOf(stages);
    }

    /**
     * Runs a stage with its jobs tagged {@code tag} (its run and its name, which {@link #counted}
     * looks up); returns it with the commits made to the lake's tables while it ran.
     */
    private static Stage tracked(SparkSession spark, LakeConfig lake, StageWork work, String tag, Supplier<Stage> stage)
    {
        long start = System.currentTimeMillis();
        Stage done = work.tagged(tag, stage);
        return done.withCommits(StageWork.commits(spark, lake.catalogName(), start, System.currentTimeMillis()));
    }

    private static List<Stage> counted(List<Stage> stages, StageWork work, String run)
    {
        return stages.stream().map(stage -> stage.withJobs(work.jobs(run + stage.name()))).toList();
    }

    private Stage ingest(SparkSession spark, LakeConfig lake, long expectedRows, List<String> disagreements)
    {
        long start = System.nanoTime();
        double cpu = processCpuSeconds();
        List<IngestSummary> summaries = new IngestJob(spark, catalog, lake.landingDirectory(), Clock.systemUTC(), line -> {})
                .withParallelism(lake.parallelism("ingest"))
                .run();
        Stage stage = new Stage("ingest", seconds(start), expectedRows, processCpuSeconds() - cpu);
        long read = summaries.stream().mapToLong(IngestSummary::rowsRead).sum();
        long accounted = summaries.stream().mapToLong(summary -> summary.rowsAccepted() + summary.rowsRejected()).sum();
        if (read != expectedRows) {
            disagreements.add(format("ingest read %,d rows of the %,d written", read, expectedRows));
        }
        if (accounted != read) {
            disagreements.add(format("ingest accounted for %,d of %,d rows read", accounted, read));
        }
        progress.accept(format("  ingest: %.1f s, %,d rows read, %,d accepted", stage.seconds(), read, summaries.stream().mapToLong(IngestSummary::rowsAccepted).sum()));
        return stage;
    }

    private Supplier<Object> score(SparkSession spark)
    {
        Duration realTime = Duration.ofMinutes(Math.round(60 * Double.parseDouble(config.value("pdlake.freshness.real-time-hours").orElse("2"))));
        return () -> new ScoreJob(spark, catalog, calendar, new FreshnessPolicy(calendar, realTime), dutyChanges, line -> {}).run(Instant.now());
    }

    private Stage timed(String name, long rows, Supplier<?> work)
    {
        long start = System.nanoTime();
        double cpu = processCpuSeconds();
        work.get();
        Stage stage = new Stage(name, seconds(start), rows, processCpuSeconds() - cpu);
        progress.accept(format("  %s: %.1f s", name, stage.seconds()));
        return stage;
    }

    /** The floor: read every feed file with Spark's own readers and write it once as Parquet, no logic. */
    private Stage floor(SparkSession spark, Path landing, Path output, long rows)
    {
        long start = System.nanoTime();
        double cpu = processCpuSeconds();
        for (CatalogEntry entry : catalog.entries()) {
            String files = landing.resolve(entry.region()).resolve(entry.department()).resolve(entry.table()) + "/*/part-*";
            DataFrameReader reader = spark.read();
            Dataset<Row> frame = switch (entry.format()) {
                case CSV -> reader.option("header", "true").option("encoding", entry.encoding()).csv(files);
                case JSONL -> reader.json(files);
                case PARQUET -> reader.parquet(files);
            };
            frame.write().mode(SaveMode.Overwrite).parquet(output.resolve(entry.table()).toString());
        }
        Stage stage = new Stage("floor", seconds(start), rows, processCpuSeconds() - cpu);
        progress.accept(format("  floor (feeds -> Parquet, no logic): %.1f s", stage.seconds()));
        return stage;
    }

    private static long baseRows(SparkSession spark)
    {
        long total = 0;
        for (String table : List.of("base.person", "base.legal_entity", "base.license", "base.credit", "base.spatial")) {
            if (spark.catalog().tableExists(table)) {
                total += spark.table(table).count();
            }
        }
        return total;
    }

    /** CPU time of the whole process so far, or NaN where the JVM does not say. */
    static double processCpuSeconds()
    {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean system) {
            long nanos = system.getProcessCpuTime();
            return nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        return Double.NaN;
    }

    private static double seconds(long start)
    {
        return (System.nanoTime() - start) / 1e9;
    }

    static void deleteTree(Path directory)
    {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + directory, e);
        }
    }
}
