package io.pdlake.maintenance;

import io.pdlake.lake.LakeTables;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Keeps every lake table small and tidy with Iceberg's own procedures, in this order per table:
 * compact small data files (rewrite_data_files), expire snapshots past retention
 * (expire_snapshots, keeping the newest few whatever their age), then delete files no snapshot
 * references that are older than a safety age (remove_orphan_files: the leftovers of crashed
 * writes). Compaction commits a "replace" snapshot that adds no rows, which incremental
 * consolidation reads past.
 */
public final class TableMaintenance
{
    public static final List<String> NAMESPACES = List.of("raw", "base", "theme", "quality", "meta");
    /** Iceberg refuses to look for orphans younger than this: a running write's files would look orphaned. */
    public static final Duration MINIMUM_ORPHAN_AGE = Duration.ofHours(24);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final SparkSession spark;
    private final String catalogName;
    private final Settings settings;
    private final Consumer<String> progress;

    public record Settings(Duration snapshotRetention, int retainLast, Duration orphanAge, int minimumInputFiles, long targetFileSizeBytes)
    {
        public Settings
        {
            requireNonNull(snapshotRetention, "snapshotRetention is null");
            requireNonNull(orphanAge, "orphanAge is null");
            if (snapshotRetention.isNegative()) {
                throw new IllegalArgumentException("snapshotRetention is negative: " + snapshotRetention);
            }
            if (retainLast < 1) {
                throw new IllegalArgumentException("retainLast must keep at least the current snapshot: " + retainLast);
            }
            if (orphanAge.compareTo(MINIMUM_ORPHAN_AGE) < 0) {
                throw new IllegalArgumentException(format("orphanAge %s is under %s: files of a write still running would be deleted", orphanAge, MINIMUM_ORPHAN_AGE));
            }
            if (minimumInputFiles < 2) {
                throw new IllegalArgumentException("minimumInputFiles must be at least 2: " + minimumInputFiles);
            }
            if (targetFileSizeBytes < 1) {
                throw new IllegalArgumentException("targetFileSizeBytes must be positive: " + targetFileSizeBytes);
            }
        }
    }

    /** What maintenance did to one table. */
    public record TableResult(String table, long rewrittenFiles, long addedFiles, long expiredSnapshots, long deletedDataFiles, long orphanFiles)
    {
        public TableResult
        {
            requireNonNull(table, "table is null");
        }
    }

    public TableMaintenance(SparkSession spark, String catalogName, Settings settings, Consumer<String> progress)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** Every Iceberg table of the lake's namespaces, views left out. */
    public List<String> tables()
    {
        Catalog catalog = ((SparkCatalog) spark.sessionState().catalogManager().catalog(catalogName)).icebergCatalog();
        List<String> tables = new ArrayList<>();
        for (String namespace : NAMESPACES) {
            try {
                catalog.listTables(Namespace.of(namespace)).stream()
                        .map(TableIdentifier::toString)
                        .sorted()
                        .forEach(tables::add);
            }
            catch (NoSuchNamespaceException e) {
                // not created yet in this lake: nothing to maintain there
            }
        }
        return tables;
    }

    public List<TableResult> run(Instant now)
    {
        List<TableResult> results = new ArrayList<>();
        for (String table : tables()) {
            results.add(maintain(table, now));
        }
        return results;
    }

    public TableResult maintain(String table, Instant now)
    {
        long started = System.nanoTime();
        // qualified with the catalog, or Spark first looks for a catalog named after the namespace
        String name = LakeTables.literal(catalogName + "." + table);
        Row rewrite = spark.sql(format("CALL %s.system.rewrite_data_files(table => %s, options => map('min-input-files', '%s', 'target-file-size-bytes', '%s'))",
                catalogName, name, settings.minimumInputFiles(), settings.targetFileSizeBytes())).first();
        Row expire = spark.sql(format("CALL %s.system.expire_snapshots(table => %s, older_than => TIMESTAMP '%s', retain_last => %s)",
                catalogName, name, local(now.minus(settings.snapshotRetention())), settings.retainLast())).first();
        long orphans = spark.sql(format("CALL %s.system.remove_orphan_files(table => %s, older_than => TIMESTAMP '%s')",
                catalogName, name, local(now.minus(settings.orphanAge())))).count();
        TableResult result = new TableResult(table, rewrite.getInt(0), rewrite.getInt(1), expire.getLong(expire.fieldIndex("deleted_manifest_lists_count")),
                expire.getLong(expire.fieldIndex("deleted_data_files_count")), orphans);
        progress.accept(format("maintain %-40s %3d files compacted into %d, %3d snapshots expired (%d data files deleted), %d orphan files removed  %.1fs",
                table, result.rewrittenFiles(), result.addedFiles(), result.expiredSnapshots(), result.deletedDataFiles(), result.orphanFiles(),
                (System.nanoTime() - started) / 1e9));
        return result;
    }

    /** A timestamp literal for the instant: Spark reads it in the session's time zone. */
    private String local(Instant instant)
    {
        return TIMESTAMP.withZone(ZoneId.of(spark.conf().get("spark.sql.session.timeZone"))).format(instant);
    }
}
