package io.pdlake.bench;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.FeedFormat;
import io.pdlake.catalog.OneSourceRules;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.BasePlan;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The single-machine peer of the benchmark: DuckDB, in this process through JDBC, doing to the same
 * feed files what the pipeline's core does, in SQL: read every feed, standardise (trim, upper-case
 * identifiers), keep rows with a well-formed key, keep the newest record per key within each source,
 * and merge the sources of each base database by the one-source rules (each element from the
 * authority, else the first fallback with a value), writing every base table as Parquet. GBK and
 * GB18030 feeds are first transcoded to UTF-8, since DuckDB reads no Chinese encodings without an
 * extension that cannot be downloaded here; that time counts. It does less than the pipeline: no
 * per-row reasons or accounting, no check characters, conflicts, lineage or Iceberg commits; so
 * the ratio says what the same core work costs on a single-machine engine, not that the two are alike.
 */
public final class DuckDbPeer
{
    /** Wall time in all, of which transcoding, and the rows of the base tables written. */
    public record Result(double seconds, double transcodeSeconds, long baseRows) {}

    private DuckDbPeer() {}

    public static Result run(ResourceCatalog catalog, Path landing, Path work, int threads, String memoryLimit)
    {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(landing, "landing is null");
        requireNonNull(work, "work is null");
        long start = System.nanoTime();
        Path utf8 = work.resolve("utf8");
        for (CatalogEntry entry : catalog.entries()) {
            if (entry.format() == FeedFormat.CSV && !Charset.forName(entry.encoding()).equals(StandardCharsets.UTF_8)) {
                transcode(entryFolder(landing, entry), entryFolder(utf8, entry), Charset.forName(entry.encoding()));
            }
        }
        double transcodeSeconds = (System.nanoTime() - start) / 1e9;
        long baseRows = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + threads);
            statement.execute("SET memory_limit = " + literal(memoryLimit));
            statement.execute("SET temp_directory = " + literal(work.resolve("spill").toString()));
            for (BasePlan plan : BasePlan.all(catalog)) {
                if (plan.sources().isEmpty()) {
                    continue;
                }
                Path output = work.resolve(plan.rule().name() + ".parquet");
                statement.execute(format("COPY (%s) TO %s (FORMAT parquet)", merge(plan, landing, utf8), literal(output.toString())));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (BasePlan plan : BasePlan.all(catalog)) {
                Path output = work.resolve(plan.rule().name() + ".parquet");
                if (Files.exists(output)) {
                    try (ResultSet count = statement.executeQuery("SELECT count(*) FROM read_parquet(" + literal(output.toString()) + ")")) {
                        count.next();
                        baseRows += count.getLong(1);
                    }
                }
            }
            return new Result(seconds, transcodeSeconds, baseRows);
        }
        catch (SQLException e) {
            throw new IllegalStateException("DuckDB peer failed: " + e.getMessage(), e);
        }
    }

    /** One base database: each source's newest valid record per key, then element by element by priority. */
    static String merge(BasePlan plan, Path landing, Path utf8)
    {
        List<String> keys = plan.rule().key();
        List<String> elements = plan.rule().allElements().stream().filter(element -> !keys.contains(element)).toList();
        List<String> sources = new ArrayList<>();
        for (BasePlan.Source source : plan.sources()) {
            CatalogEntry entry = source.entry();
            List<String> columns = new ArrayList<>();
            List<String> valid = new ArrayList<>();
            for (String key : keys) {
                CatalogField field = field(entry, source.fields().get(key));
                String value = standardised(field);
                columns.add(value + " AS " + name(OneSourceRules.column(key)));
                valid.add(switch (field.type().kind()) {
                    case ID_NUMBER -> format("regexp_full_match(%s, '[0-9]{17}[0-9X]')", value);
                    case USCC -> format("regexp_full_match(%s, '[0-9A-HJ-NPQRTUWXY]{18}')", value);
                    default -> format("coalesce(%s, '') <> ''", value);
                });
            }
            for (String element : elements) {
                String fieldName = source.fields().get(element);
                String value = fieldName == null ? "CAST(NULL AS VARCHAR)" : "nullif(" + standardised(field(entry, fieldName)) + ", '')";
                columns.add(value + " AS " + name(OneSourceRules.column(element)));
                columns.add(priority(plan, element, source) + " AS " + name("_p_" + OneSourceRules.column(element)));
            }
            String updated = entry.updatedAtField()
                    .map(fieldName -> format("try_cast(trim(CAST(%s AS VARCHAR)) AS TIMESTAMP)", name(field(entry, fieldName).column())))
                    .orElse("CAST(NULL AS TIMESTAMP)");
            String partition = String.join(", ", keys.stream().map(key -> standardised(field(entry, source.fields().get(key)))).toList());
            sources.add(format("SELECT %s FROM %s WHERE %s QUALIFY row_number() OVER (PARTITION BY %s ORDER BY %s DESC NULLS LAST) = 1",
                    String.join(", ", columns), relation(entry, landing, utf8), String.join(" AND ", valid), partition, updated));
        }
        List<String> selected = new ArrayList<>();
        keys.forEach(key -> selected.add(name(OneSourceRules.column(key))));
        for (String element : elements) {
            String column = name(OneSourceRules.column(element));
            selected.add(format("arg_min(%s, %s) FILTER (WHERE %s IS NOT NULL) AS %s", column, name("_p_" + OneSourceRules.column(element)), column, column));
        }
        String groupKeys = String.join(", ", keys.stream().map(key -> name(OneSourceRules.column(key))).toList());
        return format("SELECT %s FROM (%s) GROUP BY %s", String.join(", ", selected), String.join(" UNION ALL ", sources), groupKeys);
    }

    /** 0 for the element's authority, 1.. for its fallbacks in order, 99 for anyone else. */
    private static int priority(BasePlan plan, String element, BasePlan.Source source)
    {
        OneSourceRules.ElementRule rule = plan.rule().element(element).orElse(null);
        String authority = rule == null ? plan.rule().authority() : rule.authority();
        String department = source.entry().department();
        if (department.equals(authority) || source.owner().equals(authority)) {
            return 0;
        }
        List<String> fallback = rule == null ? List.of() : rule.fallback();
        for (int index = 0; index < fallback.size(); index++) {
            if (fallback.get(index).equals(department) || fallback.get(index).equals(source.owner())) {
                return index + 1;
            }
        }
        return 99;
    }

    private static String standardised(CatalogField field)
    {
        String text = format("trim(CAST(%s AS VARCHAR))", name(field.column()));
        return switch (field.type().kind()) {
            case ID_NUMBER, USCC, CODE -> "upper(" + text + ")";
            default -> text;
        };
    }

    private static String relation(CatalogEntry entry, Path landing, Path utf8)
    {
        boolean transcoded = entry.format() == FeedFormat.CSV && !Charset.forName(entry.encoding()).equals(StandardCharsets.UTF_8);
        String files = literal(entryFolder(transcoded ? utf8 : landing, entry) + "/*/part-*");
        return switch (entry.format()) {
            case CSV -> format("read_csv(%s, header = true, all_varchar = true, ignore_errors = true, null_padding = true)", files);
            case JSONL -> format("read_json(%s, format = 'newline_delimited', union_by_name = true)", files);
            case PARQUET -> format("read_parquet(%s, union_by_name = true)", files);
        };
    }

    private static CatalogField field(CatalogEntry entry, String name)
    {
        return entry.fields().stream().filter(field -> field.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(format("%s has no field %s", entry.code(), name)));
    }

    private static Path entryFolder(Path root, CatalogEntry entry)
    {
        return root.resolve(entry.region()).resolve(entry.department()).resolve(entry.table());
    }

    private static void transcode(Path source, Path target, Charset charset)
    {
        if (!Files.isDirectory(source)) {
            return;
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path output = target.resolve(source.relativize(file).toString());
                Files.createDirectories(output.getParent());
                try (BufferedReader reader = Files.newBufferedReader(file, charset);
                        BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    reader.transferTo(writer);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot transcode " + source, e);
        }
    }

    private static String name(String identifier)
    {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text)
    {
        return "'" + text.replace("'", "''") + "'";
    }
}
