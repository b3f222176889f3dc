package io.pdlake.thematic;

import io.pdlake.catalog.CatalogReader;
import io.pdlake.lake.Concurrently;
import io.pdlake.lake.LakeTables;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Builds the thematic databases (Art. 13, 19) from schemas/thematic/&lt;table&gt;.sql: each file is
 * one SELECT over base and raw tables and becomes theme.&lt;table&gt;, replaced atomically (one
 * Iceberg commit) when any table it reads has a new snapshot. The table property
 * {@code pdlake.source-snapshots} records the snapshot of every source it was built from, so a
 * rerun with unchanged sources commits nothing.
 */
public final class ThematicJob
{
    public static final String SOURCE_SNAPSHOTS = "pdlake.source-snapshots";
    private static final Pattern SOURCE = Pattern.compile("\\b((?:base|raw)\\.[a-z][a-z0-9_]*)\\b");

    private final SparkSession spark;
    private final String catalogName;
    private final Path directory;
    private final Consumer<String> progress;
    private final int parallelism;

    /** What one run did for one thematic table. */
    public record Built(String table, boolean rebuilt, long rows, String sources) {}

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
        // each theme reads base and raw tables and writes only its own table
        return Concurrently.map(files, parallelism, "pdlake-thematic", this::build);
    }

    private Built build(Path file)
    {
        String sql = read(file);
        String table = "theme." + name(file);
        Map<String, Long> sources = sources(sql, file);
        String stamp = String.join(",", sources.entrySet().stream().map(entry -> entry.getKey() + "@" + entry.getValue()).toList());
        if (spark.catalog().tableExists(table) && stamp.equals(currentStamp(table))) {
            progress.accept(format("thematic %-40s unchanged sources, nothing to do", table));
            return new Built(table, false, -1, stamp);
        }
        long started = System.nanoTime();
        String body = sql.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (left, right) -> left + right + "\n").strip();
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1);
        }
        spark.sql(format("CREATE OR REPLACE TABLE %s.%s USING iceberg COMMENT '%s' TBLPROPERTIES (%s, '%s'='%s') AS %s",
                catalogName, table, comment(sql).replace("'", "\\'"), LakeTables.TABLE_PROPERTIES_SQL, SOURCE_SNAPSHOTS, stamp, body));
        // the commit's summary counts the rows: no job to count them again
        long rows = Long.parseLong(icebergTable(table).currentSnapshot().summary().get(SnapshotSummary.TOTAL_RECORDS_PROP));
        progress.accept(format("thematic %-40s rebuilt: %,d rows from %s source tables  %.1fs", table, rows, sources.size(), (System.nanoTime() - started) / 1e9));
        return new Built(table, true, rows, stamp);
    }

    private static String name(Path file)
    {
        return file.getFileName().toString().replaceFirst("\\.sql$", "");
    }

    /** Every base or raw table the SQL reads, with its current snapshot (-1 when empty). */
    private Map<String, Long> sources(String sql, Path file)
    {
        Map<String, Long> sources = new TreeMap<>();
        Matcher matcher = SOURCE.matcher(sql.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (left, right) -> left + " " + right));
        while (matcher.find()) {
            String table = matcher.group(1);
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
