package io.pdlake.thematic;

import io.pdlake.catalog.CatalogReader;
import io.pdlake.lake.Concurrently;
import io.pdlake.lake.LakeTables;
import io.pdlake.lake.RowChanges;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Builds the thematic databases (Art. 13, 19) from schemas/thematic/&lt;table&gt;.sql: each file is
 * one SELECT over base and raw tables and becomes theme.&lt;table&gt;, replaced atomically (one
 * Iceberg commit) when the query or any table it reads has changed. A file that declares its key
 * ({@link ThemeKey}) is brought up to date by a MERGE of the changed keys' rows instead, where its
 * sources' commits since tell which rows changed. The table property
 * {@code pdlake.source-snapshots} records the query's hash and the snapshot of every source it was
 * built from, so a rerun with unchanged sources commits nothing.
 */
public final class ThematicJob
{
    public static final String SOURCE_SNAPSHOTS = "pdlake.source-snapshots";
    /** The stamp's entry for the hash of the query itself. */
    private static final String SQL_STAMP = "sql";
    private static final String CHANGED_KEY = "_changed_key";
    /** Marks a recomputed row in the MERGE's source: NULL there means the query no longer yields the key. */
    private static final String PRESENT = "_pdlake_present";
    private static final Pattern SOURCE = Pattern.compile("\\b((?:base|raw)\\.[a-z][a-z0-9_]*)\\b");

    private final SparkSession spark;
    private final String catalogName;
    private final Path directory;
    private final Consumer<String> progress;
    private final int parallelism;

    /**
     * What one run did for one thematic table: {@code rebuilt} when it brought the table up to date,
     * {@code incremental} when by MERGEing only the changed keys' rows (see {@link ThemeKey}).
     */
    public record Built(String table, boolean rebuilt, boolean incremental, long rows, String sources) {}

    public ThematicJob(SparkSession spark, String catalogName, Path directory, Consumer<String> progress)
    {
        this(spark, catalogName, directory, progress, 1);
    }

    private ThematicJob(SparkSession spark, String catalogName, Path directory, Consumer<String> progress, int parallelism)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.parallelism = Concurrently.checkParallelism(parallelism);
    }

    /** The same job building up to {@code themes} thematic tables at once. */
    public ThematicJob withParallelism(int themes)
    {
        return new ThematicJob(spark, catalogName, directory, progress, themes);
    }

    public List<Built> run()
    {
        LakeTables.ensureSystemTables(spark);
        List<Path> files = sqlFiles();
        for (Path file : files) {
            String name = name(file);
            if (!CatalogReader.SQL_IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException(format("Thematic file %s: %s is not a safe table name", file, name));
            }
        }
        // each theme reads base and raw tables and writes only its own table; the ones reading the
        // most start first, so that the longest is not the one left waiting for a free slot
        Map<Path, Long> bytes = new HashMap<>();
        files.forEach(file -> bytes.put(file, sourceBytes(query(read(file)))));
        List<Path> order = files.stream().sorted(Comparator.comparing((Path file) -> bytes.get(file)).reversed()).toList();
        return Concurrently.map(order, parallelism, "pdlake-thematic", this::build).stream()
                .sorted(Comparator.comparing(Built::table))
                .toList();
    }

    /** The bytes of data files in the current snapshots of the tables a query reads: how much its build scans, give or take its filters. */
    private long sourceBytes(String query)
    {
        long bytes = 0;
        for (String table : tablesRead(query)) {
            if (spark.catalog().tableExists(table)) {
                Snapshot snapshot = icebergTable(table).currentSnapshot();
                if (snapshot != null) {
                    bytes += Long.parseLong(snapshot.summary().getOrDefault(SnapshotSummary.TOTAL_FILE_SIZE_PROP, "0"));
                }
            }
        }
        return bytes;
    }

    private Built build(Path file)
    {
        String sql = read(file);
        String table = "theme." + name(file);
        String body = query(sql);
        Map<String, Long> sources = sources(body, file);
        Optional<ThemeKey> key = ThemeKey.parse(sql, sources.keySet(), file.getFileName().toString());
        boolean exists = spark.catalog().tableExists(table);
        String recordedStamp = exists ? currentStamp(table) : "";
        // the query's own hash, and its key's declaration: an edited query rebuilds its table even
        // when no source moved, and a corrected key rebuilds what the wrong one let go stale
        String definition = hash(body + "\n" + key.map(declared -> declared.column() + " " + new TreeMap<>(declared.sources())).orElse(""));
        String stamp = SQL_STAMP + "@" + definition + "," + String.join(",", sources.entrySet().stream().map(entry -> entry.getKey() + "@" + entry.getValue()).toList());
        if (exists && stamp.equals(recordedStamp)) {
            progress.accept(format("thematic %-40s unchanged sources, nothing to do", table));
            return new Built(table, false, false, -1, stamp);
        }
        long started = System.nanoTime();
        Optional<ChangedKeys> changedKeys = exists && key.isPresent() && recordedStamp.startsWith(SQL_STAMP + "@" + definition + ",")
                ? changedKeys(table, key.get(), parseStamp(recordedStamp), sources)
                : Optional.empty();
        if (changedKeys.isPresent()) {
            merge(table, body, key.get(), changedKeys.get());
            spark.sql(format("ALTER TABLE %s.%s SET TBLPROPERTIES ('%s'='%s')", catalogName, table, SOURCE_SNAPSHOTS, stamp));
            long rows = liveRows(table);
            progress.accept(format("thematic %-40s merged %,d changed keys: %,d rows from %s source tables  %.1fs", table, changedKeys.get().size(), rows, sources.size(),
                    (System.nanoTime() - started) / 1e9));
            return new Built(table, true, true, rows, stamp);
        }
        // a keyed table is MERGEd into later: merge-on-read writes the changed rows, not whole files
        String modes = key.isPresent() ? ", 'write.merge.mode'='merge-on-read', 'write.update.mode'='merge-on-read', 'write.delete.mode'='merge-on-read'" : "";
        spark.sql(format("CREATE OR REPLACE TABLE %s.%s USING iceberg COMMENT '%s' TBLPROPERTIES (%s%s, '%s'='%s') AS %s",
                catalogName, table, comment(sql).replace("'", "\\'"), LakeTables.TABLE_PROPERTIES_SQL, modes, SOURCE_SNAPSHOTS, stamp, body));
        long rows = liveRows(table);
        progress.accept(format("thematic %-40s rebuilt: %,d rows from %s source tables  %.1fs", table, rows, sources.size(), (System.nanoTime() - started) / 1e9));
        return new Built(table, true, false, rows, stamp);
    }

    /**
     * The keys whose rows may differ from the table's: the key values held by the source rows
     * inserted, updated or deleted since the recorded snapshots (old and new versions both). Empty
     * when that cannot be read from the sources' commits or there are too many to name: rebuild then.
     */
    private Optional<ChangedKeys> changedKeys(String table, ThemeKey key, Map<String, Long> recorded, Map<String, Long> sources)
    {
        // a table altered by hand, or a key that is not text (the keys go in as text literals): rebuild
        StructType schema = spark.table(table).schema();
        if (!List.of(schema.fieldNames()).contains(key.column()) || !(schema.apply(key.column()).dataType() instanceof StringType)) {
            return Optional.empty();
        }
        Dataset<Row> values = null;
        for (Map.Entry<String, Long> source : sources.entrySet()) {
            Long since = recorded.get(source.getKey());
            if (since == null || since < 0 || source.getValue() < 0) {
                return Optional.empty();
            }
            Optional<Dataset<Row>> changed = RowChanges.changedValues(spark, catalogName, source.getKey(), key.sources().get(source.getKey()), since, source.getValue());
            if (changed.isEmpty()) {
                return Optional.empty();
            }
            values = values == null ? changed.get() : values.union(changed.get());
        }
        if (values == null) {
            return Optional.empty();
        }
        // bounded: at most the limit and one more reach the driver
        List<Row> rows = values.distinct().limit(LakeTables.KEY_LITERALS_LIMIT + 1).collectAsList();
        if (rows.size() > LakeTables.KEY_LITERALS_LIMIT) {
            return Optional.empty();
        }
        return Optional.of(new ChangedKeys(rows.stream().filter(row -> !row.isNullAt(0)).map(row -> row.getString(0)).sorted().toList(),
                rows.stream().anyMatch(row -> row.isNullAt(0))));
    }

    /**
     * The key values whose rows may have changed; {@code nullKey} when a changed source row has no
     * key (a licence without a holder): the table's row for the NULL key, if the query yields one,
     * is recomputed too. Such rows are common, so they must not force a rebuild.
     */
    private record ChangedKeys(List<String> values, boolean nullKey)
    {
        ChangedKeys
        {
            values = List.copyOf(requireNonNull(values, "values is null"));
        }

        int size()
        {
            return values.size() + (nullKey ? 1 : 0);
        }

        /** A condition true for exactly these keys in {@code column}: literals, which scans filter on. */
        String condition(String column)
        {
            if (values.isEmpty()) {
                return column + " IS NULL";
            }
            return nullKey ? format("(%s OR %s IS NULL)", LakeTables.in(column, values), column) : LakeTables.in(column, values);
        }
    }

    /**
     * Recomputes the rows of {@code keys} and MERGEs them: changed rows updated, new ones inserted,
     * rows whose key the query no longer yields deleted. The keys go in as literals, which the scans
     * of the sources (through the query's joins and groupings) and of the table filter on. Keys
     * match null-safely (a NULL key's row is recomputed like any other); a marker column tells a
     * key the query yields from one it no longer does.
     */
    private void merge(String table, String body, ThemeKey key, ChangedKeys keys)
    {
        if (keys.size() == 0) {
            return;
        }
        String view = "pdlake_theme_keys_" + UUID.randomUUID().toString().replace("-", "");
        List<String> values = new ArrayList<>(keys.values());
        if (keys.nullKey()) {
            values.add(null);
        }
        spark.createDataset(values, Encoders.STRING()).toDF(CHANGED_KEY).createOrReplaceTempView(view);
        try {
            List<String> columns = List.of(spark.table(table).columns()).stream().map(ThematicJob::quoted).toList();
            String set = String.join(", ", columns.stream().map(column -> format("t.%1$s = s.%1$s", column)).toList());
            String inserted = String.join(", ", columns.stream().map(column -> "s." + column).toList());
            // the query on lines of its own: a comment ending its last line must not swallow the rest
            spark.sql(format("""
                            MERGE INTO %1$s.%2$s t
                            USING (SELECT k.%3$s, r.* FROM %4$s k LEFT JOIN (SELECT *, true AS %5$s FROM (
                            %6$s
                            ) WHERE %7$s) r ON r.%8$s <=> k.%3$s) s
                            ON t.%8$s <=> s.%3$s AND %9$s
                            WHEN MATCHED AND s.%5$s IS NULL THEN DELETE
                            WHEN MATCHED THEN UPDATE SET %10$s
                            WHEN NOT MATCHED AND s.%5$s THEN INSERT (%11$s) VALUES (%12$s)""",
                    catalogName, table, CHANGED_KEY, view, PRESENT, body, keys.condition(key.column()), key.column(), keys.condition("t." + key.column()),
                    set, String.join(", ", columns), inserted));
        }
        finally {
            spark.catalog().dropTempView(view);
        }
    }

    /**
     * Rows in the current snapshot, from its summary: no job to count them. Live position deletes
     * count each deleted row once (a MERGE replaces a data file's delete file with one holding its
     * old positions and the new), so the difference is the rows a scan returns.
     */
    private long liveRows(String table)
    {
        Map<String, String> summary = icebergTable(table).currentSnapshot().summary();
        return Long.parseLong(summary.getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "0")) - Long.parseLong(summary.getOrDefault(SnapshotSummary.TOTAL_POS_DELETES_PROP, "0"));
    }

    /** The recorded stamp as table to snapshot; the SQL's hash is under {@link #SQL_STAMP}, apart. */
    private static Map<String, Long> parseStamp(String stamp)
    {
        Map<String, Long> snapshots = new TreeMap<>();
        for (String part : stamp.split(",")) {
            int at = part.lastIndexOf('@');
            if (at > 0 && !part.startsWith(SQL_STAMP + "@")) {
                try {
                    snapshots.put(part.substring(0, at), Long.parseLong(part.substring(at + 1)));
                }
                catch (NumberFormatException e) {
                    // not a stamp this job wrote: no snapshot to start from, so a full rebuild
                }
            }
        }
        return snapshots;
    }

    /** A column name as a Spark SQL identifier, whatever characters the query gave it. */
    private static String quoted(String column)
    {
        return "`" + column.replace("`", "``") + "`";
    }

    private static String hash(String body)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String name(Path file)
    {
        return file.getFileName().toString().replaceFirst("\\.sql$", "");
    }

    /** A thematic file's query: its lines but the comment lines, without a closing semicolon. */
    private static String query(String sql)
    {
        String body = sql.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (left, right) -> left + right + "\n").strip();
        return body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
    }

    /** Every base or raw table a query names. */
    private static Set<String> tablesRead(String query)
    {
        Set<String> tables = new TreeSet<>();
        Matcher matcher = SOURCE.matcher(query);
        while (matcher.find()) {
            tables.add(matcher.group(1));
        }
        return tables;
    }

    /** Every base or raw table the query reads, with its current snapshot (-1 when empty). */
    private Map<String, Long> sources(String query, Path file)
    {
        Map<String, Long> sources = new TreeMap<>();
        for (String table : tablesRead(query)) {
            if (!spark.catalog().tableExists(table)) {
                throw new IllegalStateException(format("Thematic file %s reads %s, which does not exist yet (run ingest and consolidate first)", file.getFileName(), table));
            }
            Snapshot snapshot = icebergTable(table).currentSnapshot();
            sources.put(table, snapshot == null ? -1 : snapshot.snapshotId());
        }
        return sources;
    }

    private String currentStamp(String table)
    {
        return icebergTable(table).properties().getOrDefault(SOURCE_SNAPSHOTS, "");
    }

    private Table icebergTable(String table)
    {
        return LakeTables.icebergTable(spark, catalogName, table);
    }

    private static String comment(String sql)
    {
        return sql.lines().filter(line -> line.startsWith("-- theme:")).findFirst().map(line -> line.substring("-- theme:".length()).strip()).orElse("thematic table");
    }

    private List<Path> sqlFiles()
    {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    private static String read(Path file)
    {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
