package io.pdlake.catalog;

import io.pdlake.lake.LakeTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Publishes the catalog as meta.resource_catalog, meta.catalog_fields and meta.departments.
 * Entries are versioned: a new or changed entry appends a version with its time, a removed one
 * appends a withdrawn version, and an unchanged catalog commits nothing.
 */
public final class CatalogPublisher
{
    public static final String ADDED = "added";
    public static final String CHANGED = "changed";
    public static final String WITHDRAWN = "withdrawn";

    private final SparkSession spark;

    public record Published(int added, int changed, int withdrawn, int unchanged) {}

    public CatalogPublisher(SparkSession spark)
    {
        this.spark = requireNonNull(spark, "spark is null");
    }

    public static void ensureTables(SparkSession spark)
    {
        LakeTables.ensureSystemTables(spark);
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  code STRING, version INT, change STRING COMMENT 'added, changed, withdrawn', changed_at TIMESTAMP, content_hash STRING,
                  name STRING, name_en STRING, department STRING, region STRING, subject_key_kind STRING, subject_key_field STRING,
                  base STRING, table_name STRING, share_type STRING, share_legal_basis STRING, open_type STRING, open_reviewed_on DATE, open_reviewed_by STRING, open_review_reference STRING,
                  security_level INT, usage STRING, update_cycle STRING, source_type STRING, approval_reference STRING,
                  feed_format STRING, feed_encoding STRING, updated_at_field STRING, source_file STRING)
                USING iceberg
                COMMENT 'Public data resource catalog (公共数据资源目录), every version of every entry'
                TBLPROPERTIES (%s)""", LakeTables.RESOURCE_CATALOG, "'format-version'='2'"));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  code STRING, version INT, position INT, name STRING, column_name STRING, type STRING, element STRING,
                  required BOOLEAN, sensitive STRING, authoritative BOOLEAN, max_length INT)
                USING iceberg
                COMMENT 'Fields of each catalog entry version'
                TBLPROPERTIES (%s)""", LakeTables.CATALOG_FIELDS, "'format-version'='2'"));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (code STRING, name STRING, name_en STRING, region STRING, kind STRING)
                USING iceberg
                COMMENT 'Data providers'
                TBLPROPERTIES (%s)""", LakeTables.DEPARTMENTS, "'format-version'='2'"));
    }

    public Published publish(ResourceCatalog catalog, Instant now)
    {
        ensureTables(spark);
        Map<String, Row> latest = new HashMap<>();
        spark.sql(format("""
                        SELECT code, version, change, content_hash FROM (
                          SELECT *, row_number() OVER (PARTITION BY code ORDER BY version DESC) AS newest FROM %s)
                        WHERE newest = 1""", LakeTables.RESOURCE_CATALOG))
                .collectAsList()
                .forEach(row -> latest.put(row.getString(0), row));

        List<Row> entryRows = new ArrayList<>();
        List<Row> fieldRows = new ArrayList<>();
        int added = 0;
        int changed = 0;
        int unchanged = 0;
        for (CatalogEntry entry : catalog.entries()) {
            String hash = hash(entry);
            Row previous = latest.get(entry.code());
            String change;
            int version;
            if (previous == null || WITHDRAWN.equals(previous.getString(2))) {
                change = ADDED;
                version = previous == null ? 1 : previous.getInt(1) + 1;
                added++;
            }
            else if (!hash.equals(previous.getString(3))) {
                change = CHANGED;
                version = previous.getInt(1) + 1;
                changed++;
            }
            else {
                unchanged++;
                continue;
            }
            entryRows.add(entryRow(entry, version, change, now, hash));
            for (int position = 0; position < entry.fields().size(); position++) {
                CatalogField field = entry.fields().get(position);
                fieldRows.add(RowFactory.create(entry.code(), version, position + 1, field.name(), field.column(), field.type().toString(),
                        field.element().orElse(null), field.required(), field.sensitive().label(), field.authoritative(), field.maxLength().orElse(null)));
            }
        }
        Set<String> codes = catalog.entries().stream().map(CatalogEntry::code).collect(Collectors.toSet());
        int withdrawn = 0;
        for (Row previous : latest.values()) {
            if (!codes.contains(previous.getString(0)) && !WITHDRAWN.equals(previous.getString(2))) {
                withdrawn++;
                Object[] values = new Object[spark.table(LakeTables.RESOURCE_CATALOG).schema().size()];
                values[0] = previous.getString(0);
                values[1] = previous.getInt(1) + 1;
                values[2] = WITHDRAWN;
                values[3] = now;
                entryRows.add(RowFactory.create(values));
            }
        }
        if (!entryRows.isEmpty()) {
            append(entryRows, LakeTables.RESOURCE_CATALOG);
        }
        if (!fieldRows.isEmpty()) {
            append(fieldRows, LakeTables.CATALOG_FIELDS);
        }
        publishDepartments(catalog);
        return new Published(added, changed, withdrawn, unchanged);
    }

    private void publishDepartments(ResourceCatalog catalog)
    {
        List<Row> rows = catalog.departments().stream()
                .map(department -> RowFactory.create(department.code(), department.name(), department.nameEn(), department.region(), department.kind().label()))
                .toList();
        Set<Row> current = Set.copyOf(spark.table(LakeTables.DEPARTMENTS).collectAsList());
        if (!current.equals(Set.copyOf(rows))) {
            Dataset<Row> frame = spark.createDataFrame(rows, spark.table(LakeTables.DEPARTMENTS).schema());
            LakeTables.overwrite(frame, LakeTables.DEPARTMENTS, org.apache.spark.sql.functions.lit(true));
        }
    }

    private void append(List<Row> rows, String table)
    {
        try {
            spark.createDataFrame(rows, spark.table(table).schema()).writeTo(table).append();
        }
        catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("Cannot write to missing table " + table, e);
        }
    }

    private static Row entryRow(CatalogEntry entry, int version, String change, Instant now, String hash)
    {
        return RowFactory.create(entry.code(), version, change, now, hash, entry.name(), entry.nameEn(), entry.department(), entry.region(),
                entry.subjectKey().kind().label(), entry.subjectKey().field(), entry.base().label(), entry.table(), entry.shareType().label(),
                entry.shareLegalBasis().orElse(null), entry.openType().label(), entry.openReview().map(review -> java.sql.Date.valueOf(review.date())).orElse(null), entry.openReview().map(OpenReview::reviewer).orElse(null),
                entry.openReview().map(OpenReview::reference).orElse(null), entry.securityLevel(), entry.usage(),
                entry.updateCycle().label(), entry.sourceType().label(), entry.approvalReference().orElse(null), entry.format().label(), entry.encoding(),
                entry.updatedAtField().orElse(null), entry.sourceFile());
    }

    /** A digest of everything the entry says; records print their components in a fixed order. */
    static String hash(CatalogEntry entry)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(entry.toString().getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
