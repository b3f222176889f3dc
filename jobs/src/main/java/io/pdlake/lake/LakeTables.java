package io.pdlake.lake;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.CatalogReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/** The lake's namespaces and the tables every job shares, created when missing. */
public final class LakeTables
{
    public static final List<String> NAMESPACES = List.of("meta", "raw", "quality", "base", "theme");
    public static final String REJECTS = "quality.rejects";
    public static final String FEED_BATCHES = "meta.feed_batches";
    public static final String RESOURCE_CATALOG = "meta.resource_catalog";
    public static final String CATALOG_FIELDS = "meta.catalog_fields";
    public static final String DEPARTMENTS = "meta.departments";
    public static final String AUDIT_LOG = "meta.audit_log";

    /** Format version 2: Trino 476 cannot read version 3 tables. */
    // jobs of different departments commit to the shared tables (rejects, feed batches) at the same
    // time; Iceberg retries a commit that lost the race, re-validating it against the winner's
    static final String TABLE_PROPERTIES = "'format-version'='2', 'write.parquet.compression-codec'='zstd', 'commit.retry.num-retries'='10'";
    public static final String TABLE_PROPERTIES_SQL = TABLE_PROPERTIES;
    /**
     * Keys up to which a job names them as SQL literals, so that scans filter on them (a MERGE of a
     * few changes, a thematic table's changed keys); above it, the plain join or a full rebuild.
     */
    public static final int KEY_LITERALS_LIMIT = 50_000;

    private LakeTables() {}

    public static void ensureSystemTables(SparkSession spark)
    {
        for (String namespace : NAMESPACES) {
            spark.sql("CREATE NAMESPACE IF NOT EXISTS " + namespace);
        }
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  batch_id STRING COMMENT 'region/department/table/batch folder',
                  region STRING, department STRING, resource_code STRING, table_name STRING,
                  source_file STRING COMMENT 'path under the landing root',
                  source_line BIGINT COMMENT 'physical line where the record starts; 0 for the whole file',
                  field STRING, reason_code STRING, message STRING,
                  raw_text STRING COMMENT 'the record as sent, cut at 4000 characters',
                  rejected_at TIMESTAMP)
                USING iceberg
                TBLPROPERTIES (%s, 'write.metadata.metrics.column.batch_id'='full')""", REJECTS, TABLE_PROPERTIES));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  batch_id STRING, region STRING, department STRING, resource_code STRING, table_name STRING,
                  source_file STRING, checksum STRING COMMENT 'SHA-256 of the file bytes', size_bytes BIGINT,
                  format STRING, encoding STRING,
                  status STRING COMMENT 'ingested, empty, unreadable, duplicate, uncatalogued',
                  rows_read BIGINT, rows_accepted BIGINT, rows_rejected BIGINT,
                  duplicate_of STRING, error STRING, ingested_at TIMESTAMP)
                USING iceberg
                TBLPROPERTIES (%s, 'write.metadata.metrics.column.batch_id'='full')""", FEED_BATCHES, TABLE_PROPERTIES));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  event_id STRING, at TIMESTAMP, actor STRING COMMENT 'person or department user who acted',
                  action STRING COMMENT 'share-request, grant, revoke, override, export, desensitise, ...',
                  resource_code STRING, department STRING COMMENT 'the department the act concerns',
                  subject STRING COMMENT 'request, grant, override, file or snapshot acted on',
                  detail STRING, reason STRING)
                USING iceberg
                COMMENT 'Audit log (Art. 34), append-only'
                TBLPROPERTIES (%s)""", AUDIT_LOG, TABLE_PROPERTIES));
    }

    /** Creates raw.&lt;table&gt; for an entry, or adds the fields the catalog gained since. */
    public static void ensureRawTable(SparkSession spark, CatalogEntry entry)
    {
        if (!CatalogReader.SQL_IDENTIFIER.matcher(entry.table()).matches()) {
            throw new IllegalArgumentException("Unsafe table name: " + entry.table());
        }
        String table = entry.rawTable();
        if (!spark.catalog().tableExists(table)) {
            List<String> columns = new ArrayList<>();
            for (CatalogField field : entry.fields()) {
                columns.add(column(field));
            }
            columns.addAll(LINEAGE_COLUMNS);
            spark.sql(format("CREATE TABLE IF NOT EXISTS %s (%n  %s)%nUSING iceberg%nCOMMENT '%s'%nTBLPROPERTIES (%s, 'write.metadata.metrics.column._batch_id'='full')",
                    table, String.join(",\n  ", columns), quote(entry.code() + " " + entry.name()), TABLE_PROPERTIES));
            return;
        }
        Set<String> existing = Arrays.stream(spark.table(table).schema().fields()).map(StructField::name).collect(Collectors.toSet());
        List<String> added = entry.fields().stream().filter(field -> !existing.contains(field.name())).map(LakeTables::column).toList();
        if (!added.isEmpty()) {
            spark.sql(format("ALTER TABLE %s ADD COLUMNS (%s)", table, String.join(", ", added)));
        }
    }

    public static final List<String> LINEAGE_COLUMNS = List.of(
            "_dept STRING COMMENT 'providing department'",
            "_region STRING COMMENT 'region code of the feed'",
            "_batch_id STRING COMMENT 'region/department/table/batch folder'",
            "_source_file STRING COMMENT 'feed file under the landing root'",
            "_source_line BIGINT COMMENT 'line (row for Parquet) in the feed file'",
            "_ingested_at TIMESTAMP COMMENT 'when the batch was ingested'");

    /** Replaces the rows that {@code condition} selects with {@code rows}, in one Iceberg commit. */
    public static void overwrite(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, String table, org.apache.spark.sql.Column condition)
    {
        try {
            rows.writeTo(table).overwrite(condition);
        }
        catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("Cannot write to missing table " + table, e);
        }
    }

    public static void append(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, String table)
    {
        try {
            rows.writeTo(table).append();
        }
        catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("Cannot write to missing table " + table, e);
        }
    }

    /** The Iceberg table behind a lake table name such as {@code base.person}, for snapshot and property reads. */
    public static org.apache.iceberg.Table icebergTable(SparkSession spark, String catalogName, String table)
    {
        try {
            return org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, catalogName + "." + table);
        }
        catch (org.apache.spark.sql.catalyst.parser.ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("Cannot load Iceberg table " + table, e);
        }
    }

    /**
     * Whether every commit after {@code since} up to {@code current} only added rows: appends, and
     * "replace" (compaction, the same rows in fewer files). Then the rows added since are exactly
     * what an incremental append scan from {@code since} to {@code current} reads.
     */
    public static boolean appendsOnly(org.apache.iceberg.Table table, long current, long since)
    {
        if (!org.apache.iceberg.util.SnapshotUtil.isAncestorOf(table, current, since)) {
            return false;
        }
        for (org.apache.iceberg.Snapshot snapshot : org.apache.iceberg.util.SnapshotUtil.ancestorsBetween(table, current, since)) {
            if (!"append".equals(snapshot.operation()) && !"replace".equals(snapshot.operation())) {
                return false;
            }
        }
        return true;
    }

    /** The rows appended to a table after snapshot {@code since} up to {@code current}: Iceberg's incremental append scan; see {@link #appendsOnly}. */
    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> appendedBetween(SparkSession spark, String catalogName, String table, long since, long current)
    {
        return spark.read().format("iceberg")
                .option("start-snapshot-id", since)
                .option("end-snapshot-id", current)
                .load(catalogName + "." + table);
    }

    private static String column(CatalogField field)
    {
        return format("%s %s COMMENT '%s'", field.name(), field.type().sqlType(), quote(field.column()));
    }

    /**
     * A Spark SQL string literal, quotes included. Spark reads backslash escapes in literals, so a
     * doubled quote alone would not do: a value ending in a backslash could close the literal.
     */
    public static String literal(String text)
    {
        return "'" + quote(text) + "'";
    }

    /**
     * "column IN ('a', 'b')": the values as literals, which a scan filters its files and rows on
     * before any join. The values must not be empty: SQL has no empty IN list.
     */
    public static String in(String column, Collection<String> values)
    {
        requireNonNull(column, "column is null");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("No values for an IN list on " + column);
        }
        return column + " IN (" + String.join(", ", values.stream().map(LakeTables::literal).toList()) + ")";
    }

    static String quote(String text)
    {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }
}
