package io.pdlake.consolidate;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.FieldType;
import io.pdlake.catalog.OneSourceRules;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.catalog.SensitiveClass;
import io.pdlake.identity.LookupKeys;
import io.pdlake.lake.Concurrently;
import io.pdlake.lake.Intermediates;
import io.pdlake.lake.LakeTables;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import scala.Function0;
import scala.Option;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_concat;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * One number, one source: merges the raw records of every department into the base databases.
 * Within one source the newest record per key wins; across sources each element takes the
 * authoritative department's value, else the first fallback that has one. Disagreements with
 * the authority go to quality.conflicts. A run reads only raw snapshots added since the last one
 * (watermarks in meta.consolidation_watermarks), recomputes the subjects they touch from all of
 * their records, and MERGEs only the rows that changed; so incremental and full runs agree.
 */
public final class ConsolidateJob
{
    public static final String CONFLICTS = "quality.conflicts";
    public static final String MULTI_HEAD = "quality.multi_head_collection";
    public static final String WATERMARKS = "meta.consolidation_watermarks";
    /** The priority of the authoritative department's value; fallbacks rank below it. */
    static final int AUTHORITY = 1000;
    private static final int BUCKETS = 8;
    public static final String LOOKUP_KEY = "lookup_key";
    /** Whether a row of an incremental run's intermediate results is of the touched subjects' state after this run's rows (true) or before. */
    private static final String AFTER = "_after";
    private static final String COMPARED_ELEMENTS_COMMENT = "values in the newest records of the table that met a value the authority supplied: the denominator of consistency";
    private static final String SUBJECT_KEYS_COMMENT = "distinct subject keys in the table, where its subject key is the key of the base: the numerator of unique keys";
    private static final String LOOKUP_KEY_COMMENT = "HMAC-SHA256 of the key under the lake secret, to look up a masked key (pdlake lookup-key); NULL where the key is not masked";

    private final SparkSession spark;
    private final ResourceCatalog catalog;
    private final String catalogName;
    private final Clock clock;
    private final Consumer<String> progress;
    private final Optional<LookupKeys> lookupKeys;
    private final int parallelism;
    /**
     * Bases consolidated at once write their own partitions of quality.conflicts: no conflict, but
     * the later commit would find the table changed, retry and log it. One writer at a time.
     */
    private final Object conflictsCommits = new Object();

    public ConsolidateJob(SparkSession spark, ResourceCatalog catalog, String catalogName, Clock clock, Consumer<String> progress)
    {
        this(spark, catalog, catalogName, clock, progress, Optional.empty(), 1);
    }

    private ConsolidateJob(SparkSession spark, ResourceCatalog catalog, String catalogName, Clock clock, Consumer<String> progress, Optional<LookupKeys> lookupKeys,
            int parallelism)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.lookupKeys = requireNonNull(lookupKeys, "lookupKeys is null");
        this.parallelism = Concurrently.checkParallelism(parallelism);
    }

    /**
     * The same job filling lookup_key, the keyed pseudonym of a masked subject key (see
     * {@link LookupKeys}); without keys that column stays NULL.
     */
    public ConsolidateJob withLookupKeys(LookupKeys keys)
    {
        return new ConsolidateJob(spark, catalog, catalogName, clock, progress, Optional.of(requireNonNull(keys, "keys is null")), parallelism);
    }

    /** The same job consolidating up to {@code bases} bases at once in an incremental run (full runs take one at a time). */
    public ConsolidateJob withParallelism(int bases)
    {
        return new ConsolidateJob(spark, catalog, catalogName, clock, progress, lookupKeys, bases);
    }

    public List<ConsolidationSummary> run(boolean full)
    {
        LakeTables.ensureSystemTables(spark);
        ensureSharedTables();
        Instant now = clock.instant();
        Map<String, Watermark> watermarks = latestWatermarks(spark);
        List<BasePlan> plans = BasePlan.all(catalog);
        plans.forEach(this::ensureBaseTable);
        // an incremental run works on several bases at once, each writing its own table and its own
        // partition of quality.conflicts; a full run sorts all of raw: one base at a time, each with all the memory
        int bases = full || watermarks.isEmpty() ? 1 : parallelism;
        List<Outcome> outcomes = Concurrently.map(plans, bases, "pdlake-consolidate", plan -> consolidate(plan, full, watermarks, now));
        // one commit for every base's watermark, after all their MERGEs: a run interrupted before it
        // is redone in full by its rerun, which finds the same differences (MERGE is idempotent here)
        List<Row> rows = outcomes.stream().flatMap(outcome -> outcome.watermarks().stream()).toList();
        if (!rows.isEmpty()) {
            LakeTables.append(spark.createDataFrame(rows, spark.table(WATERMARKS).schema()), WATERMARKS);
        }
        boolean anything = full;
        for (Outcome outcome : outcomes) {
            anything |= outcome.summary().full() || outcome.summary().newObservations() > 0;
        }
        if (anything) {
            writeMultiHeadCollection();
        }
        return outcomes.stream().map(Outcome::summary).toList();
    }

    /** What consolidating one base did, and the watermark rows to record for it. */
    private record Outcome(ConsolidationSummary summary, List<Row> watermarks)
    {
        Outcome
        {
            requireNonNull(summary, "summary is null");
            watermarks = List.copyOf(requireNonNull(watermarks, "watermarks is null"));
        }
    }

    private Outcome consolidate(BasePlan plan, boolean forceFull, Map<String, Watermark> watermarks, Instant now)
    {
        long started = System.nanoTime();
        List<BasePlan.Source> sources = plan.sources().stream().filter(source -> spark.catalog().tableExists(source.entry().rawTable())).toList();
        Set<String> keyed = new HashSet<>(plan.keyedSources().stream().map(source -> source.entry().rawTable()).toList());

        // which raw tables moved since the last run, and can the new rows be read incrementally?
        Map<String, Long> current = new LinkedHashMap<>();
        List<Dataset<Row>> newRows = new ArrayList<>();
        boolean full = forceFull;
        for (BasePlan.Source source : sources) {
            String table = source.entry().rawTable();
            Table iceberg = icebergTable(table);
            Snapshot snapshot = iceberg.currentSnapshot();
            if (snapshot == null) {
                continue;
            }
            current.put(table, snapshot.snapshotId());
            Watermark recorded = watermarks.get(key(plan, table));
            Long watermark = recorded == null ? null : recorded.snapshotId();
            if (watermark == null) {
                full |= !hasWatermarks(plan, watermarks);
                newRows.add(observations(plan, source, spark.table(table)));
            }
            else if (recorded.comparedElements().isEmpty() || keyed.contains(table) && recorded.subjectKeys().isEmpty()) {
                // consolidated before these counts were kept: counting needs one full run
                full = true;
            }
            else if (watermark != snapshot.snapshotId()) {
                if (LakeTables.appendsOnly(iceberg, snapshot.snapshotId(), watermark)) {
                    newRows.add(observations(plan, source, LakeTables.appendedBetween(spark, catalogName, table, watermark, snapshot.snapshotId())));
                }
                else {
                    // a replacing commit (an interrupted ingest completed) or a rollback: rebuild this base
                    full = true;
                }
            }
        }
        if (newRows.isEmpty() && !full) {
            progress.accept(format("consolidate %-18s nothing new", plan.table()));
            return new Outcome(new ConsolidationSummary(plan.rule().name(), false, 0, 0, 0, 0), List.of());
        }

        // kept with their lineage cut: each later action plans and describes only what follows them
        try (Intermediates intermediates = new Intermediates()) {
            Dataset<Row> all = sources.stream()
                    .map(source -> observations(plan, source, spark.table(source.entry().rawTable())))
                    .reduce(Dataset::unionByName)
                    .orElseGet(() -> emptyObservations(plan));
            long changed;
            long conflictCount;
            long newObservations;
            long affected;
            Counts counts;
            if (full) {
                Dataset<Row> chosen = intermediates.keep(choose(plan, all, plan.keyColumns()));
                counts = counts(plan, chosen).get(true);
                LakeTables.overwrite(baseRows(plan, chosen), plan.table(), lit(true));
                synchronized (conflictsCommits) {
                    LakeTables.overwrite(conflicts(plan, chosen, plan.keyColumns(), now), CONFLICTS, col("base").equalTo(plan.rule().name()));
                }
                changed = spark.table(plan.table()).count();
                conflictCount = conflictCount(plan);
                newObservations = 0;
                affected = changed;
            }
            else {
                // kept: the new rows give the touched keys and are left out of the state before
                Dataset<Row> fresh = intermediates.keep(newRows.stream().reduce(Dataset::unionByName).orElseThrow());
                Column[] keyColumns = plan.keyColumns().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
                Intermediates.Measured measuredKeys = intermediates.keepMeasuring(fresh.groupBy(keyColumns).agg(org.apache.spark.sql.functions.count(lit(1)).as("_rows")),
                        org.apache.spark.sql.functions.count(lit(1)), coalesce(sum(col("_rows")), lit(0L)));
                Dataset<Row> keys = measuredKeys.rows();
                affected = measuredKeys.metrics().getLong(0);
                newObservations = measuredKeys.metrics().getLong(1);
                // kept: the touched subjects' records, from which both their state after and before this run are computed
                Dataset<Row> observations = intermediates.keep(all.join(keys.select(keyColumns), scalaSeq(plan.keyColumns()), "left_semi"));
                // The touched subjects as they stood before this run, recomputed from the records
                // this run did not add: what their base rows, conflicts and comparisons were. The
                // changes are the differences, found among the touched subjects alone instead of by
                // scanning the base and conflicts tables; a rerun after an interrupted run finds
                // the same differences, and MERGEs them again to the same result. Both states in
                // one pass (_after tells them apart): half the jobs of computing each on its own.
                Dataset<Row> before = observations.join(fresh.select("_table", "_batch_id", "_source_file", "_source_line"),
                        scalaSeq(List.of("_table", "_batch_id", "_source_file", "_source_line")), "left_anti");
                Dataset<Row> states = observations.withColumn(AFTER, lit(true)).unionByName(before.withColumn(AFTER, lit(false)));
                List<String> group = new ArrayList<>(plan.keyColumns());
                group.add(AFTER);
                Dataset<Row> chosenBoth = intermediates.keep(choose(plan, states, group));
                Dataset<Row> chosen = chosenBoth.filter(col(AFTER)).drop(AFTER);
                Dataset<Row> chosenBefore = chosenBoth.filter(not(col(AFTER))).drop(AFTER);
                // running totals: what the touched subjects add now, less what they added before
                Map<Boolean, Counts> both = counts(plan, chosenBoth);
                Counts added = both.get(true);
                Counts removed = both.get(false);
                Map<String, Long> compared = new HashMap<>();
                Map<String, Long> subjectKeys = new HashMap<>();
                for (String table : current.keySet()) {
                    Watermark recorded = watermarks.get(key(plan, table));
                    long previous = recorded == null ? 0 : recorded.comparedElements().orElse(0L);
                    compared.put(table, previous + added.compared().getOrDefault(table, 0L) - removed.compared().getOrDefault(table, 0L));
                    if (keyed.contains(table)) {
                        long previousKeys = recorded == null ? 0 : recorded.subjectKeys().orElse(0L);
                        subjectKeys.put(table, previousKeys + added.subjectKeys().getOrDefault(table, 0L) - removed.subjectKeys().getOrDefault(table, 0L));
                    }
                }
                counts = new Counts(compared, subjectKeys);
                changed = mergeBase(plan, baseRows(plan, chosen), baseRows(plan, chosenBefore));
                // a base whose every element only its authority supplies has nothing to compare: no conflicts before or after
                if (comparisonsOf(plan).isEmpty()) {
                    conflictCount = conflictCount(plan);
                }
                else {
                    // both states' conflicts in one pass, kept: the MERGE's changes read each twice
                    Dataset<Row> conflictsBoth = intermediates.keep(conflicts(plan, chosenBoth, group, now));
                    conflictCount = mergeConflicts(plan, conflictsBoth.filter(col(AFTER)).drop(AFTER), conflictsBoth.filter(not(col(AFTER))).drop(AFTER));
                }
            }
            progress.accept(format("consolidate %-18s %s %,9d subjects touched %,9d rows changed %,7d conflicts  %.1fs", plan.table(),
                    full ? "full       " : "incremental", affected, changed, conflictCount, (System.nanoTime() - started) / 1e9));
            return new Outcome(new ConsolidationSummary(plan.rule().name(), full, newObservations, affected, changed, conflictCount),
                    watermarkRows(plan, current, counts, now));
        }
    }

    /** Projects a raw table onto the base's elements, with where each row came from. */
    private Dataset<Row> observations(BasePlan plan, BasePlan.Source source, Dataset<Row> raw)
    {
        List<Column> columns = new ArrayList<>();
        for (String element : plan.rule().allElements()) {
            String field = source.fields().get(element);
            Column type = field == null ? lit(null) : col(field);
            columns.add(type.cast(plan.types().get(element).sqlType()).as(OneSourceRules.column(element)));
        }
        CatalogEntry entry = source.entry();
        columns.add(lit(entry.department()).as("_dept"));
        columns.add(lit(source.owner()).as("_owner"));
        columns.add(lit(entry.table()).as("_table"));
        columns.add(col("_batch_id"));
        columns.add(col("_source_file"));
        columns.add(col("_source_line"));
        columns.add(entry.updatedAtField().map(field -> col(field).cast(DataTypes.TimestampType)).orElse(lit(null).cast(DataTypes.TimestampType)).as("_updated_at"));
        Dataset<Row> projected = raw.select(columns.toArray(Column[]::new));
        for (String key : plan.keyColumns()) {
            projected = projected.filter(col(key).isNotNull());
        }
        return projected;
    }

    private Dataset<Row> emptyObservations(BasePlan plan)
    {
        List<String> columns = new ArrayList<>();
        for (String element : plan.rule().allElements()) {
            columns.add(format("CAST(NULL AS %s) AS %s", plan.types().get(element).sqlType(), OneSourceRules.column(element)));
        }
        columns.addAll(List.of("CAST(NULL AS STRING) AS _dept", "CAST(NULL AS STRING) AS _owner", "CAST(NULL AS STRING) AS _table", "CAST(NULL AS STRING) AS _batch_id",
                "CAST(NULL AS STRING) AS _source_file", "CAST(NULL AS BIGINT) AS _source_line", "CAST(NULL AS TIMESTAMP) AS _updated_at"));
        return spark.sql("SELECT " + String.join(", ", columns) + " WHERE false");
    }

    /**
     * Per key (per {@code group}: the key, or the key and {@link #AFTER} for both states at once)
     * and element, the winning value with its source; whether the authority knows the subject; and
     * the newest records that may disagree with it (see {@link OneSourceChoice}), for the conflicts. One shuffle and sort of the records, then a loop over each key's records.
     * <p>
     * Over the records' RDD rather than {@code groupBy(...).mapGroups}: there Spark generated the
     * Row serializer of the choice's forty-odd columns inside the stage's whole-stage code, as one
     * method of 15 to 28 KB of bytecode, over the 8,000 bytes up to which HotSpot compiles a
     * method; it ran interpreted, near half of the choice's time. The choice reads and writes
     * Spark's internal rows, which need no encoder (see {@link OneSourceChoice}).
     */
    private Dataset<Row> choose(BasePlan plan, Dataset<Row> observations, List<String> group)
    {
        OneSourceChoice choice = new OneSourceChoice(plan, observations.schema(), group, comparisonsOf(plan));
        Column[] keys = group.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        // the sort's own rows, not javaRDD()'s external ones: no deserializer of every record
        QueryExecution sorted = ((org.apache.spark.sql.classic.Dataset<Row>) observations.repartition(keys).sortWithinPartitions(keys)).queryExecution();
        // under an execution of its own, as Dataset.rdd() does: adaptive execution runs the shuffle as
        // the RDD is made, and the SQL tab and event logs then show it as a query with its plan. The
        // execution ends before the choice reads the shuffle: with Spark's cleanup of a query's shuffle
        // files at its end (spark.sql.classic.shuffleDependency.fileCleanup.enabled, off by default)
        // the choice would run the shuffle again
        RDD<InternalRow> records = SQLExecution.withNewExecutionId(sorted, Option.apply("one-source choice of " + plan.table()), (Function0<RDD<InternalRow>>) sorted::toRdd);
        JavaRDD<InternalRow> chosen = records.toJavaRDD().mapPartitions(choice.overSortedRecords());
        // the classic session's (Spark's own) way to a DataFrame of internal rows, as createDataFrame ends
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(chosen.rdd(), choice.output(), false);
    }

    /** A source's element that may be compared with the authority's value: the source is not always the authority. */
    record Comparison(String table, String column, OneSourceRules.ElementRule rule) {}

    static List<Comparison> comparisonsOf(BasePlan plan)
    {
        List<Comparison> comparisons = new ArrayList<>();
        for (BasePlan.Source source : plan.sources()) {
            for (OneSourceRules.ElementRule rule : plan.rule().elements()) {
                if (!source.fields().containsKey(rule.element())) {
                    continue;
                }
                if (plan.rule().overrides().isEmpty() && source.owner().equals(rule.authority())) {
                    // the authority itself is compared with nothing
                    continue;
                }
                comparisons.add(new Comparison(source.entry().table(), OneSourceRules.column(rule.element()), rule));
            }
        }
        return comparisons;
    }

    /**
     * Per raw table, counted over the subjects in {@code chosen}: the values compared with the
     * authority's (consistency's denominator; conflicts are the disagreeing share), and for a keyed
     * source the subjects it has records of (its distinct subject keys, for unique keys). One job;
     * where {@code chosen} holds both states ({@link #AFTER}), the counts of each, else under true.
     */
    private static Map<Boolean, Counts> counts(BasePlan plan, Dataset<Row> chosen)
    {
        List<Comparison> comparisons = comparisonsOf(plan);
        List<BasePlan.Source> keyed = plan.keyedSources();
        Map<String, Long> noneCompared = new HashMap<>();
        plan.sources().forEach(source -> noneCompared.put(source.entry().rawTable(), 0L));
        Map<String, Long> noKeys = new HashMap<>();
        keyed.forEach(source -> noKeys.put(source.entry().rawTable(), 0L));
        Map<String, String> rawTables = new HashMap<>();
        plan.sources().forEach(source -> rawTables.put(source.entry().table(), source.entry().rawTable()));
        Map<String, Column> perTable = new LinkedHashMap<>();
        for (int index = 0; index < comparisons.size(); index++) {
            Comparison comparison = comparisons.get(index);
            String chosenColumn = "_chosen_" + comparison.column();
            Column counted = when(col(chosenColumn + ".priority").equalTo(AUTHORITY).and(col(chosenColumn + ".value").isNotNull()), col("_compared_" + index))
                    .otherwise(0L);
            perTable.merge(comparison.table(), counted, Column::plus);
        }
        List<String> tables = new ArrayList<>(perTable.keySet());
        List<Column> sums = new ArrayList<>();
        tables.forEach(table -> sums.add(coalesce(sum(perTable.get(table)), lit(0L))));
        for (int index = 0; index < keyed.size(); index++) {
            sums.add(coalesce(sum(col("_keyed_" + index)), lit(0L)));
        }
        Map<Boolean, Counts> counts = new HashMap<>();
        // a state without subjects counts nothing
        counts.put(true, new Counts(noneCompared, noKeys));
        counts.put(false, new Counts(noneCompared, noKeys));
        if (sums.isEmpty()) {
            return counts;
        }
        Column side = List.of(chosen.columns()).contains(AFTER) ? col(AFTER) : lit(true).as(AFTER);
        for (Row row : chosen.groupBy(side).agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)).collectAsList()) {
            Map<String, Long> compared = new HashMap<>(noneCompared);
            Map<String, Long> subjectKeys = new HashMap<>(noKeys);
            for (int index = 0; index < tables.size(); index++) {
                compared.put(rawTables.get(tables.get(index)), row.getLong(1 + index));
            }
            for (int index = 0; index < keyed.size(); index++) {
                subjectKeys.put(keyed.get(index).entry().rawTable(), row.getLong(1 + tables.size() + index));
            }
            counts.put(row.getBoolean(0), new Counts(compared, subjectKeys));
        }
        return counts;
    }

    /** Running totals per raw table, kept beside its watermark. */
    private record Counts(Map<String, Long> compared, Map<String, Long> subjectKeys)
    {
        Counts
        {
            compared = Map.copyOf(requireNonNull(compared, "compared is null"));
            subjectKeys = Map.copyOf(requireNonNull(subjectKeys, "subjectKeys is null"));
        }
    }

    /**
     * The base table's rows from the choice, in the table's column order: a write whose columns
     * come in another order is resolved by name, and Spark's resolution then rebuilds every
     * lineage map entry with a {@code transform}, a higher-order function it evaluates row by
     * row without generated code.
     */
    private Dataset<Row> baseRows(BasePlan plan, Dataset<Row> chosen)
    {
        Map<String, Column> columns = new HashMap<>();
        plan.keyColumns().forEach(key -> columns.put(key, col(key)));
        columns.put(LOOKUP_KEY, lookupKey(plan).as(LOOKUP_KEY));
        // per element a one-entry map where a value was chosen, else an empty one, concatenated:
        // map_filter over one map of all elements is a higher-order function, which Spark evaluates
        // row by row without generated code, and with it the whole map it filters
        Column noLineage = map_from_arrays(array().cast(DataTypes.createArrayType(DataTypes.StringType)),
                array().cast(DataTypes.createArrayType(OneSourceChoice.LINEAGE)));
        List<Column> lineage = new ArrayList<>();
        for (String column : plan.elementColumns()) {
            String chosenColumn = "_chosen_" + column;
            columns.put(column, col(chosenColumn + ".value").as(column));
            lineage.add(when(col(chosenColumn).isNotNull(), map(lit(column), source(chosenColumn))).otherwise(noLineage));
        }
        columns.put("confirmed", col("confirmed"));
        columns.put("source_departments", col("source_departments"));
        columns.put("updated_at", col("updated_at"));
        columns.put("lineage", map_concat(lineage.toArray(Column[]::new)).as("lineage"));
        // hashed as the choice was made: to_json of the row cost more than the rest of it
        columns.put("row_hash", col(OneSourceChoice.ROW_HASH).as("row_hash"));
        List<String> tableColumns = List.of(spark.table(plan.table()).columns());
        if (tableColumns.size() != columns.size() || !columns.keySet().containsAll(tableColumns)) {
            throw new IllegalStateException(format("%s has columns %s, the choice gives %s", plan.table(), tableColumns, columns.keySet()));
        }
        return chosen.select(tableColumns.stream().map(columns::get).toArray(Column[]::new));
    }

    /**
     * Where an element's chosen value came from: its record's lineage, held once per record in
     * {@link OneSourceChoice#SOURCES}; NULL where nobody supplied one. {@code get}, not {@code [ ]}:
     * inside the conflicts' explode the generated code read a NULL position as -1 (its default
     * for a missing int) and failed the query as an index out of bounds.
     */
    private static Column source(String chosenColumn)
    {
        return org.apache.spark.sql.functions.get(col(OneSourceChoice.SOURCES), col(chosenColumn + ".source"));
    }

    /**
     * The keyed pseudonym of the subject key where the key is masked in Trino; a UDF, so that the
     * secret travels inside the serialized function and never appears in a plan or a log.
     */
    private Column lookupKey(BasePlan plan)
    {
        if (lookupKeys.isEmpty() || !maskedKey(plan)) {
            return lit(null).cast(DataTypes.StringType);
        }
        LookupKeys keys = lookupKeys.get();
        UserDefinedFunction function = udf((UDF1<String, String>) keys::key, DataTypes.StringType).withName("lookup_key");
        return function.apply(col(plan.keyColumns().get(0)).cast(DataTypes.StringType));
    }

    /** Whether any catalog field carrying the base's first key element is sensitive, and so masked for analysts. */
    private boolean maskedKey(BasePlan plan)
    {
        String element = plan.rule().key().get(0);
        return catalog.entries().stream().flatMap(entry -> entry.fields().stream())
                .anyMatch(field -> field.element().filter(element::equals).isPresent() && field.sensitive() != SensitiveClass.NONE);
    }

    /**
     * Other sources' newest values that disagree with a value the authority supplied (Art. 21: sent
     * back to verify). {@code group} is the key, or the key and {@link #AFTER} for both states at
     * once, which the result then carries.
     */
    private Dataset<Row> conflicts(BasePlan plan, Dataset<Row> chosen, List<String> group, Instant now)
    {
        // a source's owner follows from its table (a map literal's keys must be distinct)
        Map<String, String> ownerOfTable = new LinkedHashMap<>();
        plan.sources().forEach(source -> ownerOfTable.putIfAbsent(source.entry().table(), source.owner()));
        List<Column> entries = new ArrayList<>();
        ownerOfTable.forEach((table, owner) -> {
            entries.add(lit(table));
            entries.add(lit(owner));
        });
        Column owners = map(entries.toArray(Column[]::new));
        List<Column> candidates = new ArrayList<>();
        for (String column : plan.elementColumns()) {
            String chosenColumn = "_chosen_" + column;
            candidates.add(struct(
                    lit(plan.rule().elements().get(plan.elementColumns().indexOf(column)).element()).as("element"),
                    col(chosenColumn + ".value").cast(DataTypes.StringType).as("authoritative_value"),
                    col("n." + column).cast(DataTypes.StringType).as("other_value"),
                    col(chosenColumn + ".priority").as("priority"),
                    element_at(owners, source(chosenColumn).getField("table_name")).as("authoritative_owner"),
                    source(chosenColumn).getField("department").as("authoritative_department"),
                    source(chosenColumn).getField("table_name").as("authoritative_table"),
                    source(chosenColumn).getField("batch_id").as("authoritative_batch"),
                    source(chosenColumn).getField("source_file").as("authoritative_file"),
                    source(chosenColumn).getField("source_line").as("authoritative_line")));
        }
        // each chosen row carries its key's newest records that may disagree with the authority: one
        // row per record, no join
        Dataset<Row> records = chosen.withColumn("n", explode(col(OneSourceChoice.RECORDS)));
        boolean both = group.contains(AFTER);
        List<Column> keyColumns = plan.keyColumns().stream().map(key -> col(key).cast(DataTypes.StringType)).toList();
        Dataset<Row> result = records.select(
                        concat_ws("|", keyColumns.toArray(Column[]::new)).as("subject_key"),
                        col("n._dept").as("other_department"), col("n._owner").as("other_owner"), col("n._table").as("other_table"),
                        col("n._batch_id").as("other_batch"), col("n._source_file").as("other_file"), col("n._source_line").as("other_line"),
                        explode(array(candidates.toArray(Column[]::new))).as("candidate"),
                        both ? col(AFTER) : lit(true).as(AFTER))
                .filter(col("candidate.priority").equalTo(AUTHORITY)
                        .and(col("candidate.other_value").isNotNull())
                        .and(col("other_owner").notEqual(col("candidate.authoritative_owner")))
                        .and(col("candidate.other_value").notEqual(col("candidate.authoritative_value"))))
                .select(lit(plan.rule().name()).as("base"), col("subject_key"), col("candidate.element").as("element"),
                        col("candidate.authoritative_value").as("authoritative_value"), col("candidate.other_value").as("other_value"),
                        col("candidate.authoritative_department").as("authoritative_department"), col("candidate.authoritative_table").as("authoritative_table"),
                        col("candidate.authoritative_batch").as("authoritative_batch"), col("candidate.authoritative_file").as("authoritative_file"),
                        col("candidate.authoritative_line").as("authoritative_line"),
                        col("other_department"), col("other_table"), col("other_batch"), col("other_file"), col("other_line"),
                        lit(now).as("detected_at"), col(AFTER));
        return both ? result : result.drop(AFTER);
    }

    /** MERGEs the recomputed rows that differ from {@code previous}, the touched subjects' rows before this run; returns how many. */
    private long mergeBase(BasePlan plan, Dataset<Row> rows, Dataset<Row> previous)
    {
        List<String> keys = plan.keyColumns();
        List<String> joinColumns = new ArrayList<>(keys);
        joinColumns.add("row_hash");
        try (Intermediates intermediates = new Intermediates()) {
            Intermediates.Measured measured = intermediates.keepMeasuring(rows.join(previous.select(joinColumns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)),
                    scalaSeq(joinColumns), "left_anti"), org.apache.spark.sql.functions.count(lit(1)));
            Dataset<Row> changed = measured.rows();
            long count = measured.metrics().getLong(0);
            if (count == 0) {
                return 0;
            }
            String view = "pdlake_base_changes_" + UUID.randomUUID().toString().replace("-", "");
            changed.createOrReplaceTempView(view);
            String on = String.join(" AND ", keys.stream().map(key -> format("t.%1$s = s.%1$s", key)).toList()) + touchedKeys(changed, keys, count);
            spark.sql(format("MERGE INTO %s t USING %s s ON %s WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *", plan.table(), view, on));
            spark.catalog().dropTempView(view);
            return count;
        }
    }

    /**
     * For a MERGE of a few changes, " AND t.key IN (...)" per key column: the keys they carry, as
     * literals the scan of the target filters on before the join. Without it the join shuffles and
     * sorts the whole target to meet a handful of rows: the changes come from a checkpoint whose
     * size Spark cannot see, and a MERGE that inserts keeps its source on the side a hash join
     * cannot build. Only a superset of the target rows the keys match, so the MERGE does the same;
     * above {@link LakeTables#KEY_LITERALS_LIMIT} rows the condition is left out and the join is the plain one.
     */
    private static String touchedKeys(Dataset<Row> changes, List<String> keys, long count)
    {
        if (count > LakeTables.KEY_LITERALS_LIMIT) {
            return "";
        }
        List<Set<String>> values = new ArrayList<>();
        keys.forEach(key -> values.add(new java.util.TreeSet<>()));
        for (Row row : changes.select(keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)).collectAsList()) {
            for (int index = 0; index < keys.size(); index++) {
                if (!(row.get(index) instanceof String value)) {
                    // a null or non-text key: matched by no IN list of text literals, so no filter at all
                    return "";
                }
                values.get(index).add(value);
            }
        }
        StringBuilder condition = new StringBuilder();
        for (int index = 0; index < keys.size(); index++) {
            condition.append(" AND ").append(LakeTables.in("t." + keys.get(index), values.get(index)));
        }
        return condition.toString();
    }

    /**
     * Replaces the conflicts of the touched subjects in one MERGE: new ones inserted, changed ones
     * updated, resolved ones deleted; {@code existing} are the touched subjects' conflicts before.
     */
    private long mergeConflicts(BasePlan plan, Dataset<Row> conflicts, Dataset<Row> existing)
    {
        List<String> identity = List.of("base", "subject_key", "element", "other_table");
        List<String> content = new ArrayList<>(List.of(spark.table(CONFLICTS).columns()));
        content.remove("detected_at");
        Dataset<Row> resolved = existing.join(conflicts, scalaSeq(identity), "left_anti").withColumn("_delete", lit(true));
        Dataset<Row> added = conflicts.join(existing.select(content.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)), scalaSeq(content), "left_anti")
                .withColumn("_delete", lit(false));
        try (Intermediates intermediates = new Intermediates()) {
            Intermediates.Measured measured = intermediates.keepMeasuring(added.unionByName(resolved), org.apache.spark.sql.functions.count(lit(1)));
            Dataset<Row> changes = measured.rows();
            long count = measured.metrics().getLong(0);
            if (count == 0) {
                return conflictCount(plan);
            }
            String view = "pdlake_conflict_changes_" + UUID.randomUUID().toString().replace("-", "");
            changes.createOrReplaceTempView(view);
            List<String> all = List.of(spark.table(CONFLICTS).columns());
            // the base's partition by literal: the MERGE reads only it, and a MERGE of another base
            // committing meanwhile (a concurrent run) is no conflict
            String on = String.join(" AND ", identity.stream().map(column -> format("t.%1$s = s.%1$s", column)).toList())
                    + " AND t.base = " + LakeTables.literal(plan.rule().name()) + touchedKeys(changes, List.of("subject_key"), count);
            String set = String.join(", ", all.stream().map(column -> format("t.%1$s = s.%1$s", column)).toList());
            String insertColumns = String.join(", ", all);
            String insertValues = String.join(", ", all.stream().map(column -> "s." + column).toList());
            synchronized (conflictsCommits) {
                spark.sql(format("MERGE INTO %s t USING %s s ON %s WHEN MATCHED AND s._delete THEN DELETE WHEN MATCHED THEN UPDATE SET %s "
                        + "WHEN NOT MATCHED AND NOT s._delete THEN INSERT (%s) VALUES (%s)", CONFLICTS, view, on, set, insertColumns, insertValues));
            }
            spark.catalog().dropTempView(view);
            return conflictCount(plan);
        }
    }

    private long conflictCount(BasePlan plan)
    {
        return spark.table(CONFLICTS).filter(col("base").equalTo(plan.rule().name())).count();
    }

    /** Multi-head collection (Art. 15): per department, elements it collects that another department is authoritative for. */
    private void writeMultiHeadCollection()
    {
        Map<String, String> owners = new HashMap<>();
        catalog.departments().forEach(department -> owners.put(department.code(), department.parent().orElse(department.code())));
        List<MultiHead> heads = new ArrayList<>();
        for (CatalogEntry entry : catalog.entries()) {
            if (!spark.catalog().tableExists(entry.rawTable())) {
                continue;
            }
            String owner = owners.getOrDefault(entry.department(), entry.department());
            List<CatalogField> collected = new ArrayList<>();
            List<String> authorities = new ArrayList<>();
            for (CatalogField field : entry.fields()) {
                if (field.element().isEmpty()) {
                    continue;
                }
                String element = field.element().get();
                Optional<OneSourceRules.BaseRule> rule = catalog.oneSource().base(element.substring(0, element.indexOf('.')));
                if (rule.isEmpty() || rule.get().key().contains(element)) {
                    continue;
                }
                String authority = rule.get().element(element).map(OneSourceRules.ElementRule::authority).orElse(rule.get().authority());
                Set<String> allowed = new HashSet<>(List.of(authority));
                rule.get().overrides().forEach(override -> allowed.add(override.authority()));
                if (!allowed.contains(owner)) {
                    collected.add(field);
                    authorities.add(authority);
                }
            }
            if (!collected.isEmpty()) {
                heads.add(new MultiHead(entry, collected, authorities));
            }
        }
        List<Row> rows = new ArrayList<>();
        if (!heads.isEmpty()) {
            // every table's counts in one job (Iceberg answers each from its file statistics): one
            // small job per table would be paid on every run, whatever it changed
            Dataset<Row> counts = null;
            for (int index = 0; index < heads.size(); index++) {
                List<CatalogField> fields = heads.get(index).fields();
                Column[] aggregates = new Column[fields.size()];
                Column[] counted = new Column[fields.size()];
                for (int field = 0; field < fields.size(); field++) {
                    aggregates[field] = org.apache.spark.sql.functions.count(col(fields.get(field).name())).as("c" + field);
                    counted[field] = col("c" + field);
                }
                Dataset<Row> one = spark.table(heads.get(index).entry().rawTable())
                        .agg(aggregates[0], Arrays.copyOfRange(aggregates, 1, aggregates.length))
                        .select(lit(index).as("head"), array(counted).as("counts"));
                counts = counts == null ? one : counts.unionAll(one);
            }
            for (Row row : counts.collectAsList()) {
                MultiHead head = heads.get(row.getInt(0));
                List<Long> values = row.getList(1);
                for (int index = 0; index < head.fields().size(); index++) {
                    CatalogField field = head.fields().get(index);
                    rows.add(RowFactory.create(head.entry().department(), field.element().get(), head.authorities().get(index), head.entry().code(), head.entry().table(),
                            field.name(), values.get(index)));
                }
            }
        }
        Dataset<Row> frame = spark.createDataFrame(rows, spark.table(MULTI_HEAD).schema());
        if (!Set.copyOf(spark.table(MULTI_HEAD).collectAsList()).equals(Set.copyOf(rows))) {
            LakeTables.overwrite(frame, MULTI_HEAD, lit(true));
        }
    }

    /** An entry's fields that carry elements another department is authoritative for, with those authorities. */
    private record MultiHead(CatalogEntry entry, List<CatalogField> fields, List<String> authorities)
    {
        MultiHead
        {
            requireNonNull(entry, "entry is null");
            fields = List.copyOf(requireNonNull(fields, "fields is null"));
            authorities = List.copyOf(requireNonNull(authorities, "authorities is null"));
        }
    }

    /**
     * How far a base was consolidated from one raw table (its snapshot then); that table's values
     * compared with the authority's there, and, for a keyed source (see
     * {@link BasePlan#keyedSources}), its distinct subject keys: the numerator of unique keys, where
     * that snapshot is still the table's current one.
     */
    public record Watermark(long snapshotId, Optional<Long> comparedElements, Optional<Long> subjectKeys)
    {
        public Watermark
        {
            requireNonNull(comparedElements, "comparedElements is null");
            requireNonNull(subjectKeys, "subjectKeys is null");
        }
    }

    /** The newest watermark per base and raw table, keyed "base TAB table". */
    private static Map<String, Watermark> latestWatermarks(SparkSession spark)
    {
        Map<String, Watermark> watermarks = new HashMap<>();
        // a lake from before subject_keys was kept gets it at its next consolidation
        String subjectKeys = List.of(spark.table(WATERMARKS).columns()).contains("subject_keys") ? "subject_keys" : "CAST(NULL AS BIGINT)";
        spark.sql(format("""
                        SELECT base, table_name, snapshot_id, compared_elements, %s FROM (
                          SELECT *, row_number() OVER (PARTITION BY base, table_name ORDER BY recorded_at DESC, snapshot_id DESC) AS newest FROM %s)
                        WHERE newest = 1""", subjectKeys, WATERMARKS))
                .collectAsList()
                .forEach(row -> watermarks.put(row.getString(0) + "\t" + row.getString(1), new Watermark(row.getLong(2),
                        row.isNullAt(3) ? Optional.empty() : Optional.of(row.getLong(3)), row.isNullAt(4) ? Optional.empty() : Optional.of(row.getLong(4)))));
        return watermarks;
    }

    /**
     * Per base and raw table ("base TAB table"): the values the table's newest records report that
     * met a value the authority supplied, as of the base's last consolidation; tables consolidated
     * before these counts were kept are missing until the next run.
     */
    public static Map<String, Long> comparedElements(SparkSession spark)
    {
        Map<String, Long> compared = new HashMap<>();
        watermarks(spark).forEach((key, watermark) -> watermark.comparedElements().ifPresent(count -> compared.put(key, count)));
        return compared;
    }

    /**
     * The newest watermark per base and raw table, keyed "base TAB table", with the counts kept
     * beside it; none for a lake consolidated before the counts were kept, until its next run.
     */
    public static Map<String, Watermark> watermarks(SparkSession spark)
    {
        if (!spark.catalog().tableExists(WATERMARKS) || !List.of(spark.table(WATERMARKS).columns()).contains("compared_elements")) {
            return Map.of();
        }
        return latestWatermarks(spark);
    }

    private static String key(BasePlan plan, String table)
    {
        return plan.rule().name() + "\t" + table;
    }

    private static boolean hasWatermarks(BasePlan plan, Map<String, Watermark> watermarks)
    {
        return watermarks.keySet().stream().anyMatch(key -> key.startsWith(plan.rule().name() + "\t"));
    }

    private static List<Row> watermarkRows(BasePlan plan, Map<String, Long> current, Counts counts, Instant now)
    {
        List<Row> rows = new ArrayList<>();
        current.forEach((table, snapshot) -> rows.add(RowFactory.create(plan.rule().name(), table, snapshot, now, counts.compared().getOrDefault(table, 0L),
                counts.subjectKeys().get(table))));
        return rows;
    }

    private Table icebergTable(String table)
    {
        return LakeTables.icebergTable(spark, catalogName, table);
    }

    private void ensureSharedTables()
    {
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  base STRING, subject_key STRING COMMENT 'key values joined by |', element STRING,
                  authoritative_value STRING, other_value STRING,
                  authoritative_department STRING, authoritative_table STRING, authoritative_batch STRING, authoritative_file STRING, authoritative_line BIGINT,
                  other_department STRING, other_table STRING, other_batch STRING, other_file STRING, other_line BIGINT,
                  detected_at TIMESTAMP COMMENT 'when consolidation found it; the provider verifies within 10 working days (Art. 22)')
                USING iceberg
                PARTITIONED BY (base)
                COMMENT 'Values another department reports that disagree with the authoritative source (Art. 21)'
                TBLPROPERTIES (%s, 'write.merge.mode'='merge-on-read', 'write.update.mode'='merge-on-read', 'write.delete.mode'='merge-on-read')""",
                CONFLICTS, LakeTables.TABLE_PROPERTIES_SQL));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  department STRING, element STRING, authority STRING COMMENT 'the authoritative department',
                  resource_code STRING, table_name STRING, field STRING, rows BIGINT COMMENT 'non-empty values collected')
                USING iceberg
                COMMENT 'Multi-head collection (Art. 15): elements collected by a department that is not their authoritative source'
                TBLPROPERTIES (%s)""", MULTI_HEAD, LakeTables.TABLE_PROPERTIES_SQL));
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (base STRING, table_name STRING, snapshot_id BIGINT, recorded_at TIMESTAMP,
                  compared_elements BIGINT COMMENT '%s', subject_keys BIGINT COMMENT '%s')
                USING iceberg
                COMMENT 'The raw snapshot each base database was last consolidated up to'
                TBLPROPERTIES (%s)""", WATERMARKS, COMPARED_ELEMENTS_COMMENT, SUBJECT_KEYS_COMMENT, LakeTables.TABLE_PROPERTIES_SQL));
        List<String> columns = List.of(spark.table(WATERMARKS).columns());
        if (!columns.contains("compared_elements")) {
            spark.sql(format("ALTER TABLE %s ADD COLUMN compared_elements BIGINT COMMENT '%s'", WATERMARKS, COMPARED_ELEMENTS_COMMENT));
        }
        if (!columns.contains("subject_keys")) {
            spark.sql(format("ALTER TABLE %s ADD COLUMN subject_keys BIGINT COMMENT '%s'", WATERMARKS, SUBJECT_KEYS_COMMENT));
        }
    }

    /**
     * Base tables are bucketed and sorted by key, and merge-on-read: an incremental MERGE writes
     * new rows and position deletes for the rows it replaces instead of rewriting whole files.
     */
    private void ensureBaseTable(BasePlan plan)
    {
        if (spark.catalog().tableExists(plan.table())) {
            // lakes consolidated before lookup keys existed gain the column; the next run fills it
            if (!List.of(spark.table(plan.table()).columns()).contains(LOOKUP_KEY)) {
                spark.sql(format("ALTER TABLE %s ADD COLUMN %s STRING COMMENT '%s'", plan.table(), LOOKUP_KEY, LOOKUP_KEY_COMMENT));
            }
            return;
        }
        List<String> columns = new ArrayList<>();
        for (String element : plan.rule().allElements()) {
            FieldType type = plan.types().get(element);
            columns.add(format("%s %s COMMENT '%s'", OneSourceRules.column(element), type.sqlType(), element));
        }
        columns.add(format("%s STRING COMMENT '%s'", LOOKUP_KEY, LOOKUP_KEY_COMMENT));
        columns.add("confirmed BOOLEAN COMMENT 'the authoritative department reported this subject'");
        columns.add("source_departments ARRAY<STRING> COMMENT 'every department that reported it'");
        columns.add("updated_at TIMESTAMP COMMENT 'newest feed update time among its records'");
        // the lineage struct the choice emits, so the table and the rows written to it cannot drift apart
        columns.add(format("lineage MAP<STRING, %s> COMMENT 'per element: the record that supplied the value'", OneSourceChoice.LINEAGE.sql()));
        columns.add("row_hash STRING COMMENT 'SHA-256 of the row, to MERGE only changed rows'");
        String firstKey = plan.keyColumns().get(0);
        spark.sql(format("CREATE TABLE IF NOT EXISTS %s (%n  %s)%nUSING iceberg%nPARTITIONED BY (bucket(%s, %s))%nCOMMENT '%s'%nTBLPROPERTIES (%s, "
                        + "'write.merge.mode'='merge-on-read', 'write.update.mode'='merge-on-read', 'write.delete.mode'='merge-on-read', 'write.distribution-mode'='hash')",
                plan.table(), String.join(",\n  ", columns), BUCKETS, firstKey, plan.rule().title(), LakeTables.TABLE_PROPERTIES_SQL));
        spark.sql(format("ALTER TABLE %s.%s WRITE DISTRIBUTED BY PARTITION LOCALLY ORDERED BY %s", catalogName, plan.table(), String.join(", ", plan.keyColumns())));
    }

    private static scala.collection.immutable.Seq<String> scalaSeq(List<String> values)
    {
        return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
    }
}
