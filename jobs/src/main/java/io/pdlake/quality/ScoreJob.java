package io.pdlake.quality;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.Department;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.BasePlan;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.ingest.IngestJob;
import io.pdlake.lake.Concurrently;
import io.pdlake.lake.LakeTables;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

/**
 * Scores every catalog entry and department on the six GB/T 36344 dimensions and on freshness,
 * and lists overdue rectifications (Art. 22) and catalog upkeep (Art. 14). Every metric keeps its
 * numerator and denominator; a dimension's score for a department is the average of its entries'
 * scores, and the overall score the average of the dimensions that have one. Each run appends to
 * quality.metrics, quality.freshness, quality.scorecard, quality.rectification and
 * quality.catalog_upkeep under one run id, so trends are a query away.
 */
public final class ScoreJob
{
    public static final String METRICS = "quality.metrics";
    public static final String FRESHNESS = "quality.freshness";
    public static final String SCORECARD = "quality.scorecard";
    public static final String RECTIFICATION = "quality.rectification";
    public static final String CATALOG_UPKEEP = "quality.catalog_upkeep";
    public static final String KEY_COUNTS = "meta.subject_key_counts";
    static final int RECTIFICATION_WORKING_DAYS = 10;
    static final int CATALOG_UPKEEP_WORKING_DAYS = 15;

    private final SparkSession spark;
    private final ResourceCatalog catalog;
    private final WorkingCalendar calendar;
    private final FreshnessPolicy freshness;
    private final List<DutyChange> dutyChanges;
    private final Consumer<String> progress;

    /** What one run wrote. */
    public record Result(String runId, LocalDate evaluationDate, int entries, int departments, long overdueFeeds, long overdueRectifications, long overdueCatalogUpkeep) {}

    public ScoreJob(SparkSession spark, ResourceCatalog catalog, WorkingCalendar calendar, FreshnessPolicy freshness, List<DutyChange> dutyChanges, Consumer<String> progress)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.calendar = requireNonNull(calendar, "calendar is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
        this.dutyChanges = List.copyOf(requireNonNull(dutyChanges, "dutyChanges is null"));
        this.progress = requireNonNull(progress, "progress is null");
    }

    public Result run(Instant evaluatedAt)
    {
        LakeTables.ensureSystemTables(spark);
        ensureTables();
        LocalDate today = LocalDate.ofInstant(evaluatedAt, WorkingCalendar.ZONE);
        String runId = "score-" + evaluatedAt.toString();

        Map<String, long[]> delivered = new HashMap<>();
        Map<String, Instant> lastDelivery = new HashMap<>();
        spark.sql(format("""
                        SELECT resource_code, sum(rows_read), sum(rows_accepted), sum(rows_rejected),
                               max(CASE WHEN status IN ('%s', '%s') THEN ingested_at END)
                        FROM %s WHERE resource_code IS NOT NULL GROUP BY resource_code""",
                        IngestJob.STATUS_INGESTED, IngestJob.STATUS_EMPTY, LakeTables.FEED_BATCHES))
                .collectAsList()
                .forEach(row -> {
                    delivered.put(row.getString(0), new long[] {row.getLong(1), row.getLong(2), row.getLong(3)});
                    if (!row.isNullAt(4)) {
                        lastDelivery.put(row.getString(0), row.getInstant(4));
                    }
                });
        // rejects and conflicts read once, by what both the metrics and the rectification list need
        Map<String, Map<QualityDimension, Long>> rejectsByDimension = new HashMap<>();
        Map<Raised, Long> raised = new LinkedHashMap<>();
        spark.sql(format("SELECT resource_code, reason_code, department, to_date(rejected_at), count(*) FROM %s WHERE source_line > 0 GROUP BY 1, 2, 3, 4", LakeTables.REJECTS))
                .collectAsList()
                .forEach(row -> {
                    rejectsByDimension.computeIfAbsent(row.getString(0), ignored -> new EnumMap<>(QualityDimension.class))
                            .merge(io.pdlake.quality.ReasonCode.valueOf(row.getString(1)).dimension(), row.getLong(4), Long::sum);
                    raised.merge(new Raised(row.getString(2), "reject", row.getLocalDate(3)), row.getLong(4), Long::sum);
                });
        Map<String, Long> conflictsByTable = new HashMap<>();
        if (spark.catalog().tableExists(ConsolidateJob.CONFLICTS)) {
            spark.sql(format("SELECT other_table, other_department, to_date(detected_at), count(*) FROM %s GROUP BY 1, 2, 3", ConsolidateJob.CONFLICTS)).collectAsList()
                    .forEach(row -> {
                        conflictsByTable.merge(row.getString(0), row.getLong(3), Long::sum);
                        raised.merge(new Raised(row.getString(1), "conflict", row.getLocalDate(2)), row.getLong(3), Long::sum);
                    });
        }
        // read once: the counts consolidation keeps for consistency and unique keys
        Map<String, ConsolidateJob.Watermark> watermarks = ConsolidateJob.watermarks(spark);
        Map<String, Long> compared = comparedElements(watermarks);
        Map<String, Metric> uniqueKeysByEntry = uniqueKeys(watermarks, evaluatedAt);

        List<Row> metricRows = new ArrayList<>();
        List<Row> freshnessRows = new ArrayList<>();
        Map<String, Map<QualityDimension, List<Double>>> departmentScores = new LinkedHashMap<>();
        Map<String, Map<QualityDimension, double[]>> departmentCounts = new LinkedHashMap<>();
        long overdueFeeds = 0;
        Map<String, Integer> overdueFeedsByDepartment = new HashMap<>();
        for (CatalogEntry entry : catalog.entries()) {
            long[] counts = delivered.getOrDefault(entry.code(), new long[3]);
            long read = counts[0];
            Map<QualityDimension, Long> rejects = rejectsByDimension.getOrDefault(entry.code(), Map.of());
            Map<QualityDimension, Metric> metrics = new EnumMap<>(QualityDimension.class);

            metrics.put(QualityDimension.CONFORMITY, new Metric("rows_conforming", read - rejects.getOrDefault(QualityDimension.CONFORMITY, 0L), read));
            long required = entry.fields().stream().filter(field -> field.required()).count();
            long requiredCells = read * required;
            metrics.put(QualityDimension.COMPLETENESS, new Metric("required_elements_filled", requiredCells - rejects.getOrDefault(QualityDimension.COMPLETENESS, 0L), requiredCells));

            Metric validValues = new Metric("valid_identifiers_and_values", read - rejects.getOrDefault(QualityDimension.ACCURACY, 0L), read);
            Metric uniqueKeys = uniqueKeysByEntry.getOrDefault(entry.code(), new Metric("unique_keys", 0, 0));
            for (Metric child : List.of(validValues, uniqueKeys)) {
                metricRows.add(metricRow(runId, evaluatedAt, today, "entry", entry.code(), entry.department(), QualityDimension.ACCURACY, child));
            }
            OptionalDouble accuracy = average(validValues.score(), uniqueKeys.score());
            metrics.put(QualityDimension.ACCURACY, new Metric("score", validValues.numerator() + uniqueKeys.numerator(),
                    validValues.denominator() + uniqueKeys.denominator(), accuracy.isPresent() ? Optional.of(accuracy.getAsDouble()) : Optional.empty()));

            long comparedElements = compared.getOrDefault(entry.table(), 0L);
            long conflicts = conflictsByTable.getOrDefault(entry.table(), 0L);
            metrics.put(QualityDimension.CONSISTENCY, comparedElements == 0
                    ? new Metric("agreeing_elements", 0, 0, Optional.of(100.0))
                    : new Metric("agreeing_elements", comparedElements - conflicts, comparedElements));

            FreshnessAssessment assessment = freshness.assess(entry.updateCycle(), Optional.ofNullable(lastDelivery.get(entry.code())), evaluatedAt);
            freshnessRows.add(RowFactory.create(runId, evaluatedAt, today, entry.code(), entry.name(), entry.department(), entry.updateCycle().label(),
                    assessment.lastDelivery().orElse(null), assessment.nextDue().orElse(null), assessment.status().label(),
                    assessment.calendarDaysLate(), assessment.workingDaysLate(), assessment.score().orElse(null)));
            if (assessment.status() == FreshnessStatus.OVERDUE || assessment.status() == FreshnessStatus.NEVER_DELIVERED) {
                overdueFeeds++;
                overdueFeedsByDepartment.merge(entry.department(), 1, Integer::sum);
            }
            metrics.put(QualityDimension.TIMELINESS, new Metric("freshness_score", assessment.score().orElse(0.0), assessment.score().isPresent() ? 100 : 0,
                    assessment.score()));

            boolean attributes = entry.shareType() != null && entry.openType() != null;
            boolean reachable = reachable(entry.rawTable());
            metrics.put(QualityDimension.ACCESSIBILITY, new Metric("attributes_set_and_table_reachable", (attributes ? 1 : 0) + (reachable ? 1 : 0), 2));

            for (Map.Entry<QualityDimension, Metric> item : metrics.entrySet()) {
                metricRows.add(metricRow(runId, evaluatedAt, today, "entry", entry.code(), entry.department(), item.getKey(), item.getValue()));
                item.getValue().score().ifPresent(score -> departmentScores.computeIfAbsent(entry.department(), ignored -> new EnumMap<>(QualityDimension.class))
                        .computeIfAbsent(item.getKey(), ignored -> new ArrayList<>()).add(score));
                double[] sums = departmentCounts.computeIfAbsent(entry.department(), ignored -> new EnumMap<>(QualityDimension.class))
                        .computeIfAbsent(item.getKey(), ignored -> new double[2]);
                sums[0] += item.getValue().numerator();
                sums[1] += item.getValue().denominator();
            }
        }

        List<Row> rectificationRows = rectification(raised, runId, evaluatedAt, today);
        Map<String, Integer> overdueRectifications = new HashMap<>();
        long overdueRectificationTotal = 0;
        for (Row row : rectificationRows) {
            if ("overdue".equals(row.getString(8))) {
                overdueRectifications.merge(row.getString(3), (int) row.getLong(6), Integer::sum);
                overdueRectificationTotal += row.getLong(6);
            }
        }
        List<Row> upkeepRows = catalogUpkeep(runId, evaluatedAt, today);
        Map<String, Integer> overdueUpkeep = new HashMap<>();
        Map<String, String> entryDepartment = new HashMap<>();
        catalog.entries().forEach(entry -> entryDepartment.put(entry.code(), entry.department()));
        long overdueUpkeepTotal = 0;
        for (Row row : upkeepRows) {
            if ("overdue".equals(row.getString(9))) {
                overdueUpkeep.merge(entryDepartment.getOrDefault(row.getString(3), ""), 1, Integer::sum);
                overdueUpkeepTotal++;
            }
        }

        List<Row> scorecardRows = new ArrayList<>();
        Map<String, Department> departments = catalog.departmentsByCode();
        List<Object[]> ranking = new ArrayList<>();
        for (Map.Entry<String, Map<QualityDimension, List<Double>>> item : departmentScores.entrySet()) {
            String department = item.getKey();
            Object[] values = new Object[QualityDimension.values().length];
            List<Double> dimensionScores = new ArrayList<>();
            for (QualityDimension dimension : QualityDimension.values()) {
                List<Double> scores = item.getValue().getOrDefault(dimension, List.of());
                OptionalDouble average = scores.stream().mapToDouble(Double::doubleValue).average();
                double[] sums = departmentCounts.get(department).getOrDefault(dimension, new double[2]);
                Optional<Double> score = average.isPresent() ? Optional.of(FreshnessPolicy.round(average.getAsDouble())) : Optional.empty();
                metricRows.add(metricRow(runId, evaluatedAt, today, "department", null, department, dimension, new Metric("average_of_entries", sums[0], sums[1], score)));
                values[dimension.ordinal()] = score.orElse(null);
                score.ifPresent(dimensionScores::add);
            }
            double overall = FreshnessPolicy.round(dimensionScores.stream().mapToDouble(Double::doubleValue).average().orElse(0));
            ranking.add(new Object[] {department, values, overall});
        }
        ranking.sort((left, right) -> Double.compare((double) right[2], (double) left[2]) != 0
                ? Double.compare((double) right[2], (double) left[2])
                : ((String) left[0]).compareTo((String) right[0]));
        int rank = 0;
        for (Object[] item : ranking) {
            rank++;
            String department = (String) item[0];
            Object[] values = (Object[]) item[1];
            Department known = departments.get(department);
            scorecardRows.add(RowFactory.create(runId, evaluatedAt, today, department, known == null ? department : known.name(), known == null ? department : known.nameEn(),
                    values[0], values[1], values[2], values[3], values[4], values[5], item[2], rank,
                    overdueFeedsByDepartment.getOrDefault(department, 0), overdueRectifications.getOrDefault(department, 0), overdueUpkeep.getOrDefault(department, 0)));
        }

        Map<String, List<Row>> appends = new LinkedHashMap<>();
        appends.put(METRICS, metricRows);
        appends.put(FRESHNESS, freshnessRows);
        appends.put(SCORECARD, scorecardRows);
        if (!rectificationRows.isEmpty()) {
            appends.put(RECTIFICATION, rectificationRows);
        }
        if (!upkeepRows.isEmpty()) {
            appends.put(CATALOG_UPKEEP, upkeepRows);
        }
        // each a small job and a commit to a table of its own: side by side, they wait on each other's commits less
        Concurrently.map(List.copyOf(appends.entrySet()), appends.size(), "pdlake-score",
                item -> {
                    LakeTables.append(spark.createDataFrame(item.getValue(), spark.table(item.getKey()).schema()), item.getKey());
                    return item.getKey();
                });
        progress.accept(format("score %s: %s entries, %s departments, %s feeds overdue, %s rectification items overdue, %s catalog entries overdue for upkeep",
                today, catalog.entries().size(), scorecardRows.size(), overdueFeeds, overdueRectificationTotal, overdueUpkeepTotal));
        return new Result(runId, today, catalog.entries().size(), scorecardRows.size(), overdueFeeds, overdueRectificationTotal, overdueUpkeepTotal);
    }

    /** A metric's counts; the score is 100 × numerator ÷ denominator unless given. */
    record Metric(String name, double numerator, double denominator, Optional<Double> score)
    {
        Metric(String name, double numerator, double denominator)
        {
            this(name, numerator, denominator, denominator > 0 ? Optional.of(FreshnessPolicy.round(100 * numerator / denominator)) : Optional.empty());
        }
    }

    private static Row metricRow(String runId, Instant evaluatedAt, LocalDate today, String scope, String entry, String department, QualityDimension dimension, Metric metric)
    {
        return RowFactory.create(runId, evaluatedAt, today, scope, entry, department, dimension.label(), metric.name(), metric.numerator(), metric.denominator(),
                metric.score().orElse(null));
    }

    private static OptionalDouble average(Optional<Double> first, Optional<Double> second)
    {
        return java.util.stream.Stream.of(first, second).flatMap(Optional::stream).mapToDouble(Double::doubleValue).average();
    }

    /**
     * Per entry: distinct subject keys over accepted rows, whose complement is the duplicate rate.
     * Where consolidation keeps the count (the entry's key is its base's key) and has seen the raw
     * table's current snapshot, the count is that and the rows come from the snapshot's summary.
     * The other entries (licences and credit records, keyed by their holder) count on from the
     * count this job recorded in {@link #KEY_COUNTS} for an earlier snapshot: the distinct keys of
     * the rows appended since that no earlier row had, found by one scan of the earlier rows'
     * keys against them instead of counting every key again. In full, as one aggregate over their
     * raw tables, where nothing was recorded or a commit since may have removed rows.
     */
    private Map<String, Metric> uniqueKeys(Map<String, ConsolidateJob.Watermark> watermarks, Instant now)
    {
        Map<String, ConsolidateJob.Watermark> kept = new HashMap<>();
        watermarks.forEach((key, watermark) -> {
            if (watermark.subjectKeys().isPresent()) {
                kept.put(key.substring(key.indexOf('\t') + 1), watermark);
            }
        });
        String catalogName = spark.catalog().currentCatalog();
        Map<String, KeyCount> recorded = recordedKeyCounts();
        Map<String, Metric> metrics = new HashMap<>();
        List<Dataset<Row>> full = new ArrayList<>();
        List<Dataset<Row>> appended = new ArrayList<>();
        List<Dataset<Row>> earlier = new ArrayList<>();
        Map<String, KeyCount> countingOn = new HashMap<>();
        Map<String, Long> snapshotTotals = new HashMap<>();
        Map<CatalogEntry, Long> counted = new LinkedHashMap<>();
        for (CatalogEntry entry : catalog.entries()) {
            if (!reachable(entry.rawTable())) {
                continue;
            }
            Optional<Metric> keptCount = Optional.ofNullable(kept.get(entry.rawTable())).flatMap(count -> keptCount(entry.rawTable(), count));
            if (keptCount.isPresent()) {
                metrics.put(entry.code(), keptCount.get());
                continue;
            }
            Table table = LakeTables.icebergTable(spark, catalogName, entry.rawTable());
            Snapshot snapshot = table.currentSnapshot();
            if (snapshot == null) {
                continue;
            }
            String name = catalogName + "." + entry.rawTable();
            String key = entry.subjectKey().field();
            KeyCount last = recorded.get(entry.code());
            Optional<Long> snapshotRows = exactRows(snapshot);
            boolean sameTable = last != null && last.rawTable().equals(entry.rawTable()) && snapshotRows.isPresent();
            if (sameTable && last.snapshotId() == snapshot.snapshotId()) {
                metrics.put(entry.code(), new Metric("unique_keys", last.subjectKeys(), snapshotRows.get()));
                continue;
            }
            if (sameTable && LakeTables.appendsOnly(table, snapshot.snapshotId(), last.snapshotId())) {
                appended.add(keys(LakeTables.appendedBetween(spark, catalogName, entry.rawTable(), last.snapshotId(), snapshot.snapshotId()), entry.code(), key));
                earlier.add(keys(spark.read().format("iceberg").option("versionAsOf", last.snapshotId()).load(name), entry.code(), key));
                countingOn.put(entry.code(), last);
                snapshotTotals.put(entry.code(), snapshotRows.get());
            }
            else {
                // the snapshot this count is of, whatever lands meanwhile
                full.add(keys(spark.read().format("iceberg").option("versionAsOf", snapshot.snapshotId()).load(name), entry.code(), key));
            }
            counted.put(entry, snapshot.snapshotId());
        }
        if (!full.isEmpty()) {
            full.stream().reduce(Dataset::union).orElseThrow()
                    .groupBy(col("entry_code"))
                    .agg(countDistinct(col("subject_key")), count(lit(1)))
                    .collectAsList()
                    .forEach(row -> metrics.put(row.getString(0), new Metric("unique_keys", row.getLong(1), row.getLong(2))));
        }
        if (!appended.isEmpty()) {
            String[] on = {"entry_code", "subject_key"};
            Dataset<Row> fresh = appended.stream().reduce(Dataset::union).orElseThrow().filter(col("subject_key").isNotNull()).distinct();
            // the earlier rows that share a key with the new ones: what is left of the new keys is new
            Dataset<Row> seen = earlier.stream().reduce(Dataset::union).orElseThrow().join(fresh, on, "left_semi");
            Map<String, Long> added = new HashMap<>();
            fresh.join(seen, on, "left_anti").groupBy(col("entry_code")).count().collectAsList()
                    .forEach(row -> added.put(row.getString(0), row.getLong(1)));
            countingOn.forEach((code, last) -> metrics.put(code,
                    new Metric("unique_keys", last.subjectKeys() + added.getOrDefault(code, 0L), snapshotTotals.get(code))));
        }
        List<Row> rows = new ArrayList<>();
        counted.forEach((entry, snapshotId) -> {
            Metric metric = metrics.getOrDefault(entry.code(), new Metric("unique_keys", 0, 0));
            rows.add(RowFactory.create(entry.code(), entry.rawTable(), snapshotId, (long) metric.numerator(), now));
        });
        if (!rows.isEmpty()) {
            LakeTables.append(spark.createDataFrame(rows, spark.table(KEY_COUNTS).schema()), KEY_COUNTS);
        }
        return metrics;
    }

    /** Distinct subject keys of one raw table as of one snapshot: where the next count goes on from. */
    private record KeyCount(String rawTable, long snapshotId, long subjectKeys)
    {
        KeyCount
        {
            requireNonNull(rawTable, "rawTable is null");
        }
    }

    /** The latest count recorded per entry. */
    private Map<String, KeyCount> recordedKeyCounts()
    {
        Map<String, KeyCount> counts = new HashMap<>();
        spark.sql(format("""
                        SELECT entry_code, max_by(raw_table, counted_at), max_by(snapshot_id, counted_at), max_by(subject_keys, counted_at)
                        FROM %s GROUP BY entry_code""", KEY_COUNTS))
                .collectAsList()
                .forEach(row -> counts.put(row.getString(0), new KeyCount(row.getString(1), row.getLong(2), row.getLong(3))));
        return counts;
    }

    private static Dataset<Row> keys(Dataset<Row> raw, String entryCode, String keyField)
    {
        return raw.select(lit(entryCode).as("entry_code"), col(keyField).cast(DataTypes.StringType).as("subject_key"));
    }

    /** The rows of a snapshot, from its summary, where it counts them exactly: no delete files. */
    private static Optional<Long> exactRows(Snapshot snapshot)
    {
        Map<String, String> summary = snapshot.summary();
        if (!"0".equals(summary.getOrDefault(SnapshotSummary.TOTAL_POS_DELETES_PROP, "")) || !"0".equals(summary.getOrDefault(SnapshotSummary.TOTAL_EQ_DELETES_PROP, ""))
                || !summary.containsKey(SnapshotSummary.TOTAL_RECORDS_PROP)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(summary.get(SnapshotSummary.TOTAL_RECORDS_PROP)));
    }

    /** Consolidation's count, if it is of the table's current snapshot and that snapshot's summary counts its rows exactly. */
    private Optional<Metric> keptCount(String rawTable, ConsolidateJob.Watermark watermark)
    {
        Snapshot snapshot = LakeTables.icebergTable(spark, spark.catalog().currentCatalog(), rawTable).currentSnapshot();
        if (snapshot == null || snapshot.snapshotId() != watermark.snapshotId()) {
            // ingested since the last consolidation: count it from the rows
            return Optional.empty();
        }
        return exactRows(snapshot).map(rows -> new Metric("unique_keys", watermark.subjectKeys().orElseThrow(), rows));
    }

    private boolean reachable(String table)
    {
        try {
            return spark.catalog().tableExists(table) && spark.table(table).schema().size() > 0;
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Per raw table: element values its newest record per subject reports where the base value came
     * from the element's authority and that authority is another department: the comparisons
     * consolidation checks for conflicts, which it counts as it goes (a fallback's value is no
     * authoritative source, so a value differing from it is neither conflict nor agreement).
     */
    private Map<String, Long> comparedElements(Map<String, ConsolidateJob.Watermark> watermarks)
    {
        Map<String, Long> compared = new HashMap<>();
        for (BasePlan plan : BasePlan.all(catalog)) {
            for (BasePlan.Source source : plan.sources()) {
                ConsolidateJob.Watermark watermark = watermarks.get(plan.rule().name() + "\t" + source.entry().rawTable());
                if (watermark != null && watermark.comparedElements().isPresent()) {
                    compared.merge(source.entry().table(), watermark.comparedElements().get(), Long::sum);
                }
            }
        }
        return compared;
    }

    /**
     * Rejects and conflicts raised against each provider, by day raised, with their 10-working-day
     * deadline (Art. 22); {@code raised} is the count per department, kind and day.
     */
    private List<Row> rectification(Map<Raised, Long> raised, String runId, Instant evaluatedAt, LocalDate today)
    {
        List<Row> rows = new ArrayList<>();
        raised.forEach((key, count) -> {
            LocalDate raisedOn = key.raisedOn();
            LocalDate deadline = calendar.addWorkingDays(raisedOn, RECTIFICATION_WORKING_DAYS);
            boolean overdue = today.isAfter(deadline);
            rows.add(RowFactory.create(runId, evaluatedAt, today, key.department(), key.kind(), raisedOn, count, deadline,
                    overdue ? "overdue" : "open", overdue ? calendar.workingDaysBetween(deadline, today) : 0));
        });
        return rows;
    }

    /** Items raised against a department (a reject or a conflict) on one day; the department may be unknown. */
    private record Raised(String department, String kind, LocalDate raisedOn)
    {
        Raised
        {
            requireNonNull(kind, "kind is null");
            requireNonNull(raisedOn, "raisedOn is null");
        }
    }

    /** Entries not re-catalogued within 15 working days of a recorded change of law or duty (Art. 14). */
    private List<Row> catalogUpkeep(String runId, Instant evaluatedAt, LocalDate today)
    {
        Map<String, Instant> lastChange = new HashMap<>();
        if (spark.catalog().tableExists(LakeTables.RESOURCE_CATALOG)) {
            spark.sql(format("SELECT code, max(changed_at) FROM %s GROUP BY code", LakeTables.RESOURCE_CATALOG)).collectAsList()
                    .forEach(row -> lastChange.put(row.getString(0), row.getInstant(1)));
        }
        List<Row> rows = new ArrayList<>();
        for (DutyChange change : dutyChanges) {
            LocalDate deadline = calendar.addWorkingDays(change.date(), CATALOG_UPKEEP_WORKING_DAYS);
            for (String code : change.entries()) {
                Instant changed = lastChange.get(code);
                boolean updated = changed != null && !LocalDate.ofInstant(changed, WorkingCalendar.ZONE).isBefore(change.date());
                String status = updated ? "updated" : today.isAfter(deadline) ? "overdue" : "pending";
                rows.add(RowFactory.create(runId, evaluatedAt, today, code, change.date(), change.description(), deadline, changed, updated, status));
            }
        }
        return rows;
    }

    private void ensureTables()
    {
        String properties = LakeTables.TABLE_PROPERTIES_SQL;
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  run_id STRING, evaluated_at TIMESTAMP, evaluation_date DATE, scope STRING COMMENT 'entry or department',
                  entry_code STRING, department STRING, dimension STRING COMMENT 'GB/T 36344 dimension', metric STRING,
                  numerator DOUBLE, denominator DOUBLE, score DOUBLE COMMENT '0-100; NULL when there is nothing to measure')
                USING iceberg COMMENT 'Quality metrics per run, entry and department' TBLPROPERTIES (%s)""", METRICS, properties));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  run_id STRING, evaluated_at TIMESTAMP, evaluation_date DATE, entry_code STRING, entry_name STRING, department STRING,
                  update_cycle STRING, last_delivery TIMESTAMP, next_due DATE, status STRING COMMENT 'fresh, due, overdue, never-delivered, irregular',
                  calendar_days_late INT, working_days_late INT, score DOUBLE)
                USING iceberg COMMENT 'Freshness of every entry against its update cycle (Art. 20)' TBLPROPERTIES (%s)""", FRESHNESS, properties));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  run_id STRING, evaluated_at TIMESTAMP, evaluation_date DATE, department STRING, department_name STRING, department_name_en STRING,
                  conformity DOUBLE, completeness DOUBLE, accuracy DOUBLE, consistency DOUBLE, timeliness DOUBLE, accessibility DOUBLE,
                  overall DOUBLE, rank INT, overdue_feeds INT, overdue_rectifications INT, catalog_upkeep_overdue INT)
                USING iceberg COMMENT 'Department scorecard per run' TBLPROPERTIES (%s)""", SCORECARD, properties));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  run_id STRING, evaluated_at TIMESTAMP, evaluation_date DATE, department STRING, kind STRING COMMENT 'reject or conflict',
                  raised_on DATE, items BIGINT, deadline DATE COMMENT '10 working days after raised_on (Art. 22)', status STRING, working_days_overdue INT)
                USING iceberg COMMENT 'Items raised against each provider and their rectification deadlines' TBLPROPERTIES (%s)""", RECTIFICATION, properties));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  run_id STRING, evaluated_at TIMESTAMP, evaluation_date DATE, entry_code STRING, change_date DATE, description STRING,
                  deadline DATE COMMENT '15 working days after the change (Art. 14)', last_catalog_change TIMESTAMP, updated BOOLEAN, status STRING)
                USING iceberg COMMENT 'Catalog entries affected by a change of law or duty' TBLPROPERTIES (%s)""", CATALOG_UPKEEP, properties));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  entry_code STRING, raw_table STRING, snapshot_id BIGINT COMMENT 'the raw table snapshot counted',
                  subject_keys BIGINT COMMENT 'distinct non-null subject keys in that snapshot', counted_at TIMESTAMP)
                USING iceberg COMMENT 'Distinct subject keys of the raw tables whose subject is not their base key, as scoring counted them: where the next count goes on from'
                TBLPROPERTIES (%s)""", KEY_COUNTS, properties));
    }
}
