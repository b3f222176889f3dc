package io.pdlake.ingest;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.FeedFormat;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.lake.Concurrently;
import io.pdlake.lake.Intermediates;
import io.pdlake.lake.LakeTables;
import io.pdlake.quality.ReasonCode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

/**
 * Ingests every batch under the landing root that meta.feed_batches does not yet hold. Per catalog
 * entry, all its new batches are read once and its accepted rows go to raw.&lt;table&gt; in one
 * commit; the run's rejected rows then go to quality.rejects in one commit. Rows an interrupted
 * earlier run left for those batches are deleted first, in a commit of their own and only when
 * there are any. meta.feed_batches is written last and marks the batches done.
 */
public final class IngestJob
{
    public static final String STATUS_INGESTED = "ingested";
    public static final String STATUS_EMPTY = "empty";
    public static final String STATUS_UNREADABLE = "unreadable";
    public static final String STATUS_REFUSED = "refused";
    public static final String STATUS_DUPLICATE = "duplicate";
    public static final String STATUS_UNCATALOGUED = "uncatalogued";

    private final SparkSession spark;
    private final ResourceCatalog catalog;
    private final String landingRoot;
    private final Clock clock;
    private final Consumer<String> progress;
    private final Set<String> departments;
    private final int parallelism;

    public IngestJob(SparkSession spark, ResourceCatalog catalog, String landingRoot, Clock clock, Consumer<String> progress)
    {
        this(spark, catalog, landingRoot, clock, progress, Set.of(), 1);
    }

    private IngestJob(SparkSession spark, ResourceCatalog catalog, String landingRoot, Clock clock, Consumer<String> progress, Set<String> departments, int parallelism)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.landingRoot = requireNonNull(landingRoot, "landingRoot is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.departments = Set.copyOf(requireNonNull(departments, "departments is null"));
        this.parallelism = Concurrently.checkParallelism(parallelism);
    }

    /**
     * The same job limited to the batches these departments delivered (all when empty), so that
     * departments' feeds can be ingested by separate jobs at the same time.
     */
    public IngestJob forDepartments(Set<String> departments)
    {
        return new IngestJob(spark, catalog, landingRoot, clock, progress, departments, parallelism);
    }

    /** The same job ingesting up to {@code entries} catalog entries at once; each writes its own raw table. */
    public IngestJob withParallelism(int entries)
    {
        return new IngestJob(spark, catalog, landingRoot, clock, progress, departments, entries);
    }

    public List<IngestSummary> run()
    {
        LakeTables.ensureSystemTables(spark);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<LandedBatch> landed = new LandingZone(landingRoot, hadoop).batches().stream()
                .filter(batch -> departments.isEmpty() || departments.contains(batch.department()))
                .toList();
        Set<String> done = spark.sql(format("SELECT DISTINCT batch_id FROM %s WHERE status <> '%s'", LakeTables.FEED_BATCHES, STATUS_UNCATALOGUED))
                .as(Encoders.STRING()).collectAsList().stream().collect(Collectors.toSet());

        Map<CatalogEntry, List<LandedBatch>> pending = new LinkedHashMap<>();
        List<LandedBatch> uncatalogued = new ArrayList<>();
        for (LandedBatch batch : landed) {
            if (done.contains(batch.batchId())) {
                continue;
            }
            Optional<CatalogEntry> entry = catalog.entryForFeed(batch.region(), batch.department(), batch.table());
            if (entry.isPresent()) {
                pending.computeIfAbsent(entry.get(), ignored -> new ArrayList<>()).add(batch);
            }
            else {
                uncatalogued.add(batch);
            }
        }
        Instant now = clock.instant();
        // an uncatalogued batch is looked at again every run (its entry may since have been
        // catalogued) but recorded again only when its files changed, so a rerun commits nothing
        Set<String> recorded = spark.sql(format("SELECT concat(batch_id, '|', source_file) FROM %s WHERE status = '%s'", LakeTables.FEED_BATCHES, STATUS_UNCATALOGUED))
                .as(Encoders.STRING()).collectAsList().stream().collect(Collectors.toSet());
        uncatalogued.removeIf(batch -> !batch.files().isEmpty()
                && batch.files().stream().allMatch(file -> recorded.contains(batch.batchId() + "|" + file.relativePath())));
        if (!uncatalogued.isEmpty()) {
            recordUncatalogued(uncatalogued, now);
        }
        if (pending.isEmpty()) {
            progress.accept("ingest: no new batches");
            return List.of();
        }

        Map<String, String> hadoopSettings = hadoopSettings(hadoop);
        // a refused file is not opened at all, not even for its checksum
        List<FeedFile> allFiles = pending.values().stream().flatMap(List::stream)
                .flatMap(batch -> batch.files().stream().filter(file -> !batch.refusals().containsKey(file.relativePath())))
                .toList();
        Set<String> parquetFiles = pending.entrySet().stream()
                .filter(item -> item.getKey().format() == FeedFormat.PARQUET)
                .flatMap(item -> item.getValue().stream())
                .flatMap(batch -> batch.files().stream())
                .map(FeedFile::uri)
                .collect(Collectors.toSet());
        Map<String, String> unreadableFiles = new HashMap<>();
        Map<String, String> checksums = checksums(allFiles, parquetFiles, hadoopSettings, unreadableFiles);
        Map<String, String> knownChecksums = new HashMap<>();
        spark.sql(format("SELECT checksum, source_file FROM %s WHERE status IN ('%s', '%s') AND checksum IS NOT NULL",
                        LakeTables.FEED_BATCHES, STATUS_INGESTED, STATUS_EMPTY))
                .collectAsList()
                .forEach(row -> knownChecksums.putIfAbsent(row.getString(0), row.getString(1)));

        List<IngestSummary> summaries = new ArrayList<>();
        List<Row> batchRows = new ArrayList<>();
        List<Dataset<Row>> rejects = new ArrayList<>();
        List<String> batchIds = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, WorkingCalendar.ZONE);
        // every entry's rejects, kept until the run's one rejects commit
        Intermediates rejectsKept = new Intermediates();
        try {
            // which files repeat an earlier one is decided in delivery order before any entry runs,
            // so that entries ingested side by side mark the same duplicates as one after the other
            Map<CatalogEntry, EntryFiles> files = new LinkedHashMap<>();
            pending.forEach((entry, batches) -> files.put(entry, classify(entry, batches, checksums, knownChecksums)));
            List<EntryOutcome> outcomes = Concurrently.map(List.copyOf(pending.entrySet()), parallelism, "pdlake-ingest",
                    item -> ingest(item.getKey(), item.getValue(), files.get(item.getKey()), checksums, unreadableFiles, hadoopSettings, today, now, rejectsKept));
            for (EntryOutcome outcome : outcomes) {
                summaries.add(outcome.summary());
                batchRows.addAll(outcome.batchRows());
                rejects.add(outcome.rejects());
            }
            pending.values().forEach(batches -> batches.forEach(batch -> batchIds.add(batch.batchId())));
            // one commit each for the run's rejects and batch records rather than one per entry:
            // every commit costs a catalog round trip and a metadata file, whatever its size
            long started = System.nanoTime();
            replaceBatches(rejects.stream().reduce(Dataset::unionByName).orElseThrow(), LakeTables.REJECTS, "batch_id", batchIds);
            Dataset<Row> feedBatches = spark.createDataFrame(batchRows, spark.table(LakeTables.FEED_BATCHES).schema());
            replaceBatches(feedBatches, LakeTables.FEED_BATCHES, "batch_id", batchIds);
            progress.accept(format("ingest %,d batch(es) recorded with their rejects  %.1fs", batchIds.size(), (System.nanoTime() - started) / 1e9));
        }
        finally {
            rejectsKept.close();
        }
        return summaries;
    }

    /** What ingesting one entry left to write: its rejects (kept) and its feed_batches rows. */
    private record EntryOutcome(IngestSummary summary, List<Row> batchRows, Dataset<Row> rejects) {}

    /** An entry's files: those to read, those repeating an earlier file (path -> earlier path), and rows for the refused ones. */
    private record EntryFiles(List<FeedFile> toRead, Map<String, String> duplicates, List<Row> refusedRows)
    {
        EntryFiles
        {
            toRead = List.copyOf(requireNonNull(toRead, "toRead is null"));
            duplicates = Map.copyOf(requireNonNull(duplicates, "duplicates is null"));
            refusedRows = List.copyOf(requireNonNull(refusedRows, "refusedRows is null"));
        }
    }

    private static EntryFiles classify(CatalogEntry entry, List<LandedBatch> batches, Map<String, String> checksums, Map<String, String> knownChecksums)
    {
        FeedLayout layout = FeedLayout.of(entry);
        List<FeedFile> toRead = new ArrayList<>();
        Map<String, String> duplicates = new LinkedHashMap<>();
        List<Row> refusedRows = new ArrayList<>();
        for (LandedBatch batch : batches) {
            for (FeedFile file : batch.files()) {
                String refusal = batch.refusals().get(file.relativePath());
                if (refusal != null) {
                    refusedRows.add(IngestRows.rejected(layout.fields().size(), file, 0, "",
                            FeedFileParser.fileProblem(ReasonCode.FILE_OUTSIDE_LANDING, file.relativePath(), refusal)));
                    continue;
                }
                String checksum = checksums.get(file.uri());
                String earlier = checksum == null ? null : knownChecksums.get(checksum);
                if (earlier != null && !earlier.equals(file.relativePath())) {
                    duplicates.put(file.relativePath(), earlier);
                }
                else {
                    toRead.add(file);
                    if (checksum != null) {
                        knownChecksums.putIfAbsent(checksum, file.relativePath());
                    }
                }
            }
        }
        return new EntryFiles(toRead, duplicates, refusedRows);
    }

    private EntryOutcome ingest(CatalogEntry entry, List<LandedBatch> batches, EntryFiles files, Map<String, String> checksums, Map<String, String> unreadableFiles,
            Map<String, String> hadoopSettings, LocalDate today, Instant now, Intermediates rejectsKept)
    {
        long started = System.nanoTime();
        LakeTables.ensureRawTable(spark, entry);
        FeedLayout layout = FeedLayout.of(entry);
        List<String> batchIds = batches.stream().map(LandedBatch::batchId).toList();
        Map<String, String> duplicates = files.duplicates();

        StructType schema = IngestRows.schema(layout);
        // kept by the raw table's append, which reads them first; the counts and rejects read them again
        Intermediates entryRows = new Intermediates();
        Dataset<Row> rows = entryRows.keepOnFirstUse(read(layout, files.toRead(), schema, unreadableFiles, hadoopSettings, today)
                .unionByName(spark.createDataFrame(files.refusedRows(), schema))
                .withColumn("_dept", lit(entry.department()))
                .withColumn("_region", lit(entry.region()))
                .withColumn("_ingested_at", lit(now)));
        try {
            Dataset<Row> accepted = rows.filter(col(IngestRows.REASON).isNull());
            replaceBatches(accepted, entry.rawTable(), "_batch_id", batchIds);

            Dataset<Row> rejects = rejectsKept.keepOnFirstUse(rows.filter(col(IngestRows.REASON).isNotNull()).select(
                    col("_batch_id").as("batch_id"),
                    lit(entry.region()).as("region"),
                    lit(entry.department()).as("department"),
                    lit(entry.code()).as("resource_code"),
                    lit(entry.table()).as("table_name"),
                    col(IngestRows.SOURCE_FILE).as("source_file"),
                    col(IngestRows.SOURCE_LINE).as("source_line"),
                    col(IngestRows.REASON_FIELD).as("field"),
                    col(IngestRows.REASON).as("reason_code"),
                    col(IngestRows.MESSAGE).as("message"),
                    col(IngestRows.RAW).as("raw_text"),
                    lit(now).as("rejected_at")));

            // The per-file counts, read from the accepted rows and the rejects: the one job that
            // counts also keeps the rejects, apart from the entry's rows (those are released before
            // the run's one rejects commit). One job fewer per entry than keeping them on their
            // own: an incremental run's entries are mostly such small jobs.
            Map<String, long[]> counts = new HashMap<>();
            Map<String, String> unreadable = new HashMap<>();
            accepted.select(col(IngestRows.SOURCE_FILE).as("source_file"), col(IngestRows.SOURCE_LINE).as("source_line"),
                            lit(null).cast(DataTypes.StringType).as("reason_code"), lit(null).cast(DataTypes.StringType).as("message"))
                    .unionByName(rejects.select(col("source_file"), col("source_line"), col("reason_code"), col("message")))
                    .groupBy(col("source_file"))
                    .agg(
                            sum(when(col("source_line").gt(0), 1).otherwise(0)).as("read"),
                            sum(when(col("reason_code").isNull(), 1).otherwise(0)).as("accepted"),
                            sum(when(col("reason_code").isNotNull().and(col("source_line").gt(0)), 1).otherwise(0)).as("rejected"),
                            org.apache.spark.sql.functions.max(when(col("reason_code").isin(ReasonCode.FILE_UNREADABLE.name(), ReasonCode.FILE_OUTSIDE_LANDING.name()),
                                    col("message"))).as("error"))
                    .collectAsList()
                    .forEach(row -> {
                        counts.put(row.getString(0), new long[] {row.getLong(1), row.getLong(2), row.getLong(3)});
                        if (!row.isNullAt(4)) {
                            unreadable.put(row.getString(0), row.getString(4));
                        }
                    });

            List<Row> batchRows = new ArrayList<>();
            long read = 0;
            long acceptedCount = 0;
            long rejectedCount = 0;
            int fileCount = 0;
            for (LandedBatch batch : batches) {
                for (FeedFile file : batch.files()) {
                    fileCount++;
                    String duplicateOf = duplicates.get(file.relativePath());
                    long[] fileCounts = counts.getOrDefault(file.relativePath(), new long[3]);
                    String error = unreadable.get(file.relativePath());
                    String status;
                    if (duplicateOf != null) {
                        status = STATUS_DUPLICATE;
                    }
                    else if (batch.refusals().containsKey(file.relativePath())) {
                        status = STATUS_REFUSED;
                    }
                    else if (error != null) {
                        status = STATUS_UNREADABLE;
                    }
                    else if (fileCounts[0] == 0) {
                        status = STATUS_EMPTY;
                    }
                    else {
                        status = STATUS_INGESTED;
                    }
                    read += fileCounts[0];
                    acceptedCount += fileCounts[1];
                    rejectedCount += fileCounts[2];
                    batchRows.add(RowFactory.create(batch.batchId(), batch.region(), batch.department(), entry.code(), entry.table(), file.relativePath(),
                            checksums.get(file.uri()), file.sizeBytes(), entry.format().label(), entry.encoding(), status,
                            fileCounts[0], fileCounts[1], fileCounts[2], duplicateOf, error, now));
                }
            }
            IngestSummary summary = new IngestSummary(entry.code(), entry.table(), batches.size(), fileCount, read, acceptedCount, rejectedCount,
                    duplicates.size(), unreadable.size());
            progress.accept(format("ingest %-34s %3d batch(es) %4d file(s) %,10d read %,10d accepted %,8d rejected  %.1fs",
                    entry.rawTable(), batches.size(), fileCount, read, acceptedCount, rejectedCount, (System.nanoTime() - started) / 1e9));
            return new EntryOutcome(summary, batchRows, rejects);
        }
        finally {
            entryRows.close();
        }
    }

    private Dataset<Row> read(FeedLayout layout, List<FeedFile> files, StructType schema, Map<String, String> unreadableFiles, Map<String, String> hadoopSettings,
            LocalDate today)
    {
        Encoder<Row> encoder = Encoders.row(schema);
        Dataset<Row> result = spark.createDataFrame(List.of(), schema);
        if (files.isEmpty()) {
            return result;
        }
        if (layout.format() != FeedFormat.PARQUET) {
            JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(files, files.size())
                    .flatMap(new FeedFileRows(layout, today, hadoopSettings));
            return spark.createDataFrame(rows, schema);
        }
        for (FeedFile file : files) {
            String error = unreadableFiles.get(file.uri());
            if (error != null) {
                Row row = IngestRows.unreadable(layout.fields().size(), file, 0, new IOException(error));
                result = result.unionByName(spark.createDataFrame(List.of(row), schema));
            }
            else {
                result = result.unionByName(readParquet(layout, file, encoder, today));
            }
        }
        return result;
    }

    private Dataset<Row> readParquet(FeedLayout layout, FeedFile file, Encoder<Row> encoder, LocalDate today)
    {
        Dataset<Row> parquet;
        try {
            parquet = spark.read().parquet(file.uri());
        }
        catch (RuntimeException e) {
            return spark.createDataFrame(List.of(IngestRows.unreadable(layout.fields().size(), file, 0, e)), encoder.schema());
        }
        Set<String> columns = Set.of(parquet.columns());
        List<Column> selected = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (FeedLayout.FieldSpec field : layout.fields()) {
            String column = columns.contains(field.column()) ? field.column() : columns.contains(field.name()) ? field.name() : null;
            if (column == null) {
                selected.add(lit(null).cast(DataTypes.StringType).as(field.name()));
                if (field.required()) {
                    missing.add(field.column());
                }
            }
            else {
                selected.add(col("`" + column.replace("`", "``") + "`").cast(DataTypes.StringType).as(field.name()));
            }
        }
        List<Column> all = new ArrayList<>();
        for (String column : parquet.columns()) {
            all.add(col("`" + column.replace("`", "``") + "`"));
        }
        selected.add(col("_metadata.row_index").as("_row_index"));
        selected.add(to_json(struct(all.toArray(Column[]::new))).as("_raw_json"));
        return parquet.select(selected.toArray(Column[]::new))
                .mapPartitions(new ParquetFileRows(layout, file, today, String.join(", ", missing)), encoder);
    }

    /** Writes rows in the table's column order in place of whatever the table holds of these batches. */
    private void replaceBatches(Dataset<Row> rows, String table, String batchColumn, List<String> batchIds)
    {
        StructType target = spark.table(table).schema();
        Set<String> present = Set.of(rows.columns());
        List<Column> columns = new ArrayList<>();
        for (StructField field : target.fields()) {
            columns.add(present.contains(field.name()) ? col(field.name()).cast(field.dataType()).as(field.name()) : lit(null).cast(field.dataType()).as(field.name()));
        }
        Dataset<Row> aligned = rows.select(columns.toArray(Column[]::new));
        // usually nothing of these batches is there yet and the write is one append snapshot, which
        // consolidation reads incrementally. Rows an interrupted run left are deleted first, row by
        // row: an overwrite by filter refuses a data file that also holds other batches' rows. Until
        // feed_batches marks the batches done a rerun repeats both steps, so two commits lose nothing.
        if (mayHold(table, batchColumn, batchIds) && spark.table(table).filter(col(batchColumn).isin(batchIds.toArray())).limit(1).count() > 0) {
            spark.sql(format("DELETE FROM %s WHERE %s", table, LakeTables.in(batchColumn, batchIds)));
        }
        LakeTables.append(aligned, table);
    }

    /**
     * Whether any data file's statistics leave room for rows of these batches: table metadata
     * alone, no Spark job. A raw table holds one entry's batches, whose ids sort by delivery, so
     * this rules out the usual case, a first attempt, at the cost of reading manifests.
     */
    private boolean mayHold(String table, String batchColumn, List<String> batchIds)
    {
        Table iceberg = LakeTables.icebergTable(spark, spark.catalog().currentCatalog(), table);
        if (iceberg.currentSnapshot() == null) {
            return false;
        }
        try (CloseableIterable<FileScanTask> files = iceberg.newScan().filter(Expressions.in(batchColumn, batchIds)).planFiles()) {
            return files.iterator().hasNext();
        }
        catch (IOException e) {
            throw new UncheckedIOException(format("Cannot plan a scan of %s for batches %s", table, batchIds), e);
        }
    }

    private void recordUncatalogued(List<LandedBatch> batches, Instant now)
    {
        List<Row> rows = new ArrayList<>();
        for (LandedBatch batch : batches) {
            for (FeedFile file : batch.files()) {
                rows.add(RowFactory.create(batch.batchId(), batch.region(), batch.department(), null, batch.table(), file.relativePath(), null,
                        file.sizeBytes(), null, null, STATUS_UNCATALOGUED, 0L, 0L, 0L, null,
                        format("no catalog entry for region %s, department %s, table %s", batch.region(), batch.department(), batch.table()), now));
            }
            progress.accept(format("ingest: %s matches no catalog entry; recorded as %s", batch.batchId(), STATUS_UNCATALOGUED));
        }
        Dataset<Row> frame = spark.createDataFrame(rows, spark.table(LakeTables.FEED_BATCHES).schema());
        replaceBatches(frame, LakeTables.FEED_BATCHES, "batch_id", batches.stream().map(LandedBatch::batchId).toList());
    }

    /**
     * SHA-256 of every file, computed on executors, keyed by URI. Parquet files also have their
     * footer read there: a file that is no Parquet file maps to an error instead of failing a job.
     */
    private Map<String, String> checksums(List<FeedFile> files, Set<String> parquetFiles, Map<String, String> hadoopSettings, Map<String, String> errors)
    {
        if (files.isEmpty()) {
            return Map.of();
        }
        Map<String, String> result = new HashMap<>();
        JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(files.stream().map(file -> file.uri() + "\t" + parquetFiles.contains(file.uri())).toList(), Math.min(files.size(), 64))
                .map(task -> probe(task, hadoopSettings))
                .collect()
                .forEach(line -> {
                    String[] parts = line.split("\t", 3);
                    if (!parts[1].isEmpty()) {
                        result.put(parts[0], parts[1]);
                    }
                    if (!parts[2].isEmpty()) {
                        errors.put(parts[0], parts[2]);
                    }
                });
        return result;
    }

    /** "uri TAB checksum TAB error" for "uri TAB isParquet". */
    static String probe(String task, Map<String, String> hadoopSettings)
    {
        int tab = task.lastIndexOf('\t');
        String uri = task.substring(0, tab);
        boolean parquet = Boolean.parseBoolean(task.substring(tab + 1));
        Path path = new Path(uri);
        Configuration configuration = FeedFileRows.configuration(hadoopSettings);
        String checksum;
        try (FSDataInputStream input = path.getFileSystem(configuration).open(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = input.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            checksum = HexFormat.of().formatHex(digest.digest());
        }
        catch (IOException e) {
            return uri + "\t\t" + oneLine(e);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (parquet) {
            try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                    org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(path, configuration))) {
                reader.getFooter();
            }
            catch (IOException | RuntimeException e) {
                return uri + "\t" + checksum + "\t" + oneLine(e);
            }
        }
        return uri + "\t" + checksum + "\t";
    }

    private static String oneLine(Exception e)
    {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("").replace('\t', ' ');
    }

    private static Map<String, String> hadoopSettings(Configuration configuration)
    {
        Map<String, String> settings = new HashMap<>();
        // only what differs from Hadoop's defaults travels to executors
        Configuration defaults = new Configuration();
        for (Map.Entry<String, String> entry : configuration) {
            if (!entry.getValue().equals(defaults.get(entry.getKey()))) {
                settings.put(entry.getKey(), entry.getValue());
            }
        }
        return settings;
    }

}
