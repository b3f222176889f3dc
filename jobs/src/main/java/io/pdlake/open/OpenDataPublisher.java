package io.pdlake.open;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pdlake.audit.AuditAction;
import io.pdlake.audit.AuditEvent;
import io.pdlake.audit.AuditLog;
import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.OpenType;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.lake.LakeTables;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.row_number;

/**
 * Publishes open datasets (Art. 27-30): for each entry the catalog marks unconditionally open and
 * whose confidentiality review is recorded, the provider's current records (the newest row per
 * subject) as a dated Parquet and CSV dataset with a data dictionary, personal fields masked or
 * removed per the catalog. Entries not open, open only on application, or not reviewed are
 * refused with the reason. Each export and each desensitisation goes to the audit log.
 */
public final class OpenDataPublisher
{
    public static final String DICTIONARY = "dictionary.json";

    private final SparkSession spark;
    private final ResourceCatalog catalog;
    private final String catalogName;
    private final int filesPerDataset;

    public OpenDataPublisher(SparkSession spark, ResourceCatalog catalog, String catalogName, int filesPerDataset)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        if (filesPerDataset < 1) {
            throw new IllegalArgumentException("filesPerDataset must be positive: " + filesPerDataset);
        }
        this.filesPerDataset = filesPerDataset;
    }

    public record Published(String resourceCode, String location, long rows, List<String> masked, List<String> removed, long sourceSnapshot) {}

    public record Refusal(String resourceCode, String reason) {}

    public record Result(List<Published> published, List<Refusal> refused) {}

    /** Why an entry may not be published, or empty when it may. */
    public static Optional<String> refusal(CatalogEntry entry)
    {
        if (entry.openType() == OpenType.NONE) {
            return Optional.of("not open: the catalog lists it as not open (open.type none, Art. 29)");
        }
        if (entry.openType() == OpenType.CONDITIONAL) {
            return Optional.of("open on application only (Art. 30): released to an applicant for a stated purpose, not published");
        }
        if (entry.openReview().isEmpty()) {
            return Optional.of("no confidentiality review recorded (Art. 28): add open.review with date, by and reference");
        }
        return Optional.empty();
    }

    /**
     * Publishes {@code codes}, or every publishable entry when {@code codes} is empty, under
     * {@code location}/{@code date}/{@code code}/. Publishing the same date again replaces it.
     */
    public Result publish(List<String> codes, LocalDate date, String location, Instant at, String actor)
    {
        requireNonNull(codes, "codes is null");
        requireNonNull(date, "date is null");
        requireNonNull(location, "location is null");
        List<CatalogEntry> entries = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        if (codes.isEmpty()) {
            entries.addAll(catalog.entries());
        }
        for (String code : codes) {
            catalog.entry(code).ifPresentOrElse(entries::add, () -> refused.add(new Refusal(code, "unknown catalog entry")));
        }
        List<Published> published = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        for (CatalogEntry entry : entries) {
            Optional<String> reason = refusal(entry);
            if (reason.isEmpty() && !spark.catalog().tableExists(entry.rawTable())) {
                reason = Optional.of("no data: " + entry.rawTable() + " does not exist yet (run ingest)");
            }
            if (reason.isPresent()) {
                refused.add(new Refusal(entry.code(), reason.get()));
                continue;
            }
            Published dataset = publish(entry, date, location);
            published.add(dataset);
            events.add(new AuditEvent(at, actor, AuditAction.EXPORT, Optional.of(entry.code()), Optional.of(entry.department()), dataset.location(),
                    format("open dataset of %s rows from snapshot %s as Parquet and CSV", dataset.rows(), dataset.sourceSnapshot()),
                    Optional.of("open data list (Art. 28), review " + entry.openReview().orElseThrow().reference())));
            if (!dataset.masked().isEmpty() || !dataset.removed().isEmpty()) {
                events.add(new AuditEvent(at, actor, AuditAction.DESENSITISE, Optional.of(entry.code()), Optional.of(entry.department()), dataset.location(),
                        format("masked %s; removed %s", dataset.masked(), dataset.removed()), Optional.of("personal fields in an open dataset (Art. 36)")));
            }
        }
        new AuditLog(spark).record(events);
        return new Result(published, refused);
    }

    private Published publish(CatalogEntry entry, LocalDate date, String location)
    {
        Snapshot snapshot = LakeTables.icebergTable(spark, catalogName, entry.rawTable()).currentSnapshot();
        long snapshotId = snapshot == null ? -1 : snapshot.snapshotId();
        Dataset<Row> raw = snapshot == null ? spark.table(entry.rawTable()) : spark.read().option("versionAsOf", snapshotId).table(entry.rawTable());
        Column updated = entry.updatedAtField().map(field -> col(field).desc_nulls_last()).orElse(col("_ingested_at").desc());
        Dataset<Row> newest = raw
                .withColumn("_newest", row_number().over(Window.partitionBy(col(entry.subjectKey().field()))
                        .orderBy(updated, col("_batch_id").desc(), col("_source_file").desc(), col("_source_line").desc())))
                .filter(col("_newest").equalTo(1));
        List<Column> columns = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (CatalogField field : entry.fields()) {
            switch (FieldTreatment.of(field)) {
                case KEPT -> columns.add(col("`" + field.name() + "`"));
                case MASKED -> {
                    columns.add(expr(FieldTreatment.mask(field)).as(field.name()));
                    masked.add(field.name());
                }
                case REMOVED -> removed.add(field.name());
            }
        }
        String directory = format("%s/%s/%s", location, date, entry.code());
        newest.select(columns.toArray(Column[]::new)).repartition(filesPerDataset).write().mode(SaveMode.Overwrite).parquet(directory + "/parquet");
        // the CSV is written from the Parquet just written, so both hold the same rows
        Dataset<Row> written = spark.read().parquet(directory + "/parquet");
        written.repartition(filesPerDataset).write().mode(SaveMode.Overwrite).option("header", "true").option("encoding", "UTF-8").csv(directory + "/csv");
        long rows = written.count();
        writeDictionary(entry, date, directory, rows, snapshotId);
        return new Published(entry.code(), directory, rows, List.copyOf(masked), List.copyOf(removed), snapshotId);
    }

    private void writeDictionary(CatalogEntry entry, LocalDate date, String directory, long rows, long snapshotId)
    {
        Map<String, Object> dictionary = new LinkedHashMap<>();
        dictionary.put("code", entry.code());
        dictionary.put("name", entry.name());
        dictionary.put("name_en", entry.nameEn());
        dictionary.put("provider", entry.department());
        dictionary.put("region", entry.region());
        dictionary.put("open_type", entry.openType().label());
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("date", entry.openReview().orElseThrow().date().toString());
        review.put("by", entry.openReview().orElseThrow().reviewer());
        review.put("reference", entry.openReview().orElseThrow().reference());
        dictionary.put("confidentiality_review", review);
        dictionary.put("update_cycle", entry.updateCycle().label());
        dictionary.put("usage", entry.usage());
        dictionary.put("published_on", date.toString());
        dictionary.put("rows", rows);
        dictionary.put("source_snapshot", snapshotId);
        dictionary.put("parquet", "parquet/");
        dictionary.put("csv", "csv/ (UTF-8, header row)");
        List<Map<String, Object>> fields = new ArrayList<>();
        for (CatalogField field : entry.fields()) {
            FieldTreatment treatment = FieldTreatment.of(field);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", field.name());
            item.put("title", field.column());
            item.put("type", field.type().toString());
            item.put("treatment", treatment.label());
            if (treatment == FieldTreatment.MASKED) {
                item.put("mask", FieldTreatment.mask(field));
            }
            fields.add(item);
        }
        dictionary.put("fields", fields);
        Path path = new Path(directory + "/" + DICTIONARY);
        try {
            FileSystem fileSystem = FileSystem.get(URI.create(directory), spark.sparkContext().hadoopConfiguration());
            try (FSDataOutputStream output = fileSystem.create(path, true)) {
                output.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(dictionary).getBytes(StandardCharsets.UTF_8));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the data dictionary " + path, e);
        }
    }
}
