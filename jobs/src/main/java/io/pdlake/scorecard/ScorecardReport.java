package io.pdlake.scorecard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.catalog.SensitiveClass;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.ingest.Masking;
import io.pdlake.lake.LakeTables;
import io.pdlake.quality.QualityDimension;
import io.pdlake.quality.ScoreJob;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Writes the bureau's scorecard from the latest scoring run: a self-contained HTML page
 * (FreeMarker template, Apache ECharts inlined), and the same figures as CSV and JSON.
 */
public final class ScorecardReport
{
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final int SAMPLES = 5;
    private static final int SAMPLE_ROWS = 3;
    private static final int RAW_TEXT_SHOWN = 300;
    private static final String[] ENGLISH = {"Conformity", "Completeness", "Accuracy", "Consistency", "Timeliness", "Accessibility"};

    private final SparkSession spark;
    private final ResourceCatalog catalog;

    /** Where the files went and what the terminal summary says. */
    public record Written(Path html, Path csv, Path json, String summary) {}

    public ScorecardReport(SparkSession spark, ResourceCatalog catalog)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    public Written write(Path directory)
    {
        if (!spark.catalog().tableExists(ScoreJob.SCORECARD) || spark.table(ScoreJob.SCORECARD).isEmpty()) {
            throw new IllegalStateException("No scoring run yet: run 'pdlake score' first");
        }
        Row latest = spark.sql(format("SELECT run_id, evaluation_date FROM %s ORDER BY evaluated_at DESC LIMIT 1", ScoreJob.SCORECARD)).first();
        String runId = latest.getString(0);
        String evaluationDate = latest.getLocalDate(1).toString();

        List<Row> scorecard = spark.sql(format("SELECT * FROM %s WHERE run_id = %s ORDER BY rank", ScoreJob.SCORECARD, LakeTables.literal(runId))).collectAsList();
        Map<String, List<Map<String, Object>>> rejects = topRejects();
        Map<String, List<Map<String, Object>>> conflicts = sampleConflicts();
        List<Map<String, Object>> departments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Double> overall = new ArrayList<>();
        List<List<Double>> dimensionValues = new ArrayList<>();
        for (int index = 0; index < QualityDimension.values().length; index++) {
            dimensionValues.add(new ArrayList<>());
        }
        for (Row row : scorecard) {
            Map<String, Object> department = new LinkedHashMap<>();
            String code = row.getAs("department");
            department.put("code", code);
            department.put("rank", row.<Integer>getAs("rank"));
            department.put("name", row.<String>getAs("department_name"));
            department.put("nameEn", row.<String>getAs("department_name_en"));
            List<Double> scores = new ArrayList<>();
            for (QualityDimension dimension : QualityDimension.values()) {
                Double score = row.getAs(dimension.label());
                scores.add(score);
                dimensionValues.get(dimension.ordinal()).add(score);
            }
            department.put("scores", scores);
            department.put("overall", row.<Double>getAs("overall"));
            department.put("overdueFeeds", row.<Integer>getAs("overdue_feeds"));
            department.put("overdueRectifications", row.<Integer>getAs("overdue_rectifications"));
            department.put("catalogUpkeepOverdue", row.<Integer>getAs("catalog_upkeep_overdue"));
            department.put("rejects", rejects.getOrDefault(code, List.of()));
            department.put("conflicts", conflicts.getOrDefault(code, List.of()));
            departments.add(department);
            names.add(row.<String>getAs("department_name"));
            overall.add(row.<Double>getAs("overall"));
        }

        List<Map<String, Object>> overdueFeeds = new ArrayList<>();
        spark.sql(format("""
                        SELECT entry_code, entry_name, department, update_cycle, last_delivery, next_due, status, calendar_days_late, working_days_late
                        FROM %s WHERE run_id = %s AND status IN ('overdue', 'never-delivered') ORDER BY working_days_late DESC, entry_code""",
                        ScoreJob.FRESHNESS, LakeTables.literal(runId)))
                .collectAsList()
                .forEach(row -> {
                    Map<String, Object> feed = new LinkedHashMap<>();
                    feed.put("code", row.getString(0));
                    feed.put("name", row.getString(1));
                    feed.put("department", row.getString(2));
                    feed.put("cycle", row.getString(3));
                    feed.put("lastDelivery", row.isNullAt(4) ? "–" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai")).format(row.getInstant(4)));
                    feed.put("due", row.isNullAt(5) ? "–" : row.getLocalDate(5).toString());
                    feed.put("status", row.getString(6));
                    feed.put("calendarDaysLate", row.getInt(7));
                    feed.put("workingDaysLate", row.getInt(8));
                    overdueFeeds.add(feed);
                });

        Map<String, Object> chartData = new LinkedHashMap<>();
        chartData.put("departments", names);
        chartData.put("overall", overall);
        List<Map<String, Object>> dimensionSeries = new ArrayList<>();
        List<Map<String, String>> dimensions = new ArrayList<>();
        for (QualityDimension dimension : QualityDimension.values()) {
            String label = dimension.chineseName() + " " + ENGLISH[dimension.ordinal()];
            dimensionSeries.add(Map.of("name", label, "values", dimensionValues.get(dimension.ordinal())));
            dimensions.add(Map.of("chinese", dimension.chineseName(), "english", ENGLISH[dimension.ordinal()]));
        }
        chartData.put("dimensions", dimensionSeries);
        addTrend(chartData);

        int overdueRectifications = scorecard.stream().mapToInt(row -> row.<Integer>getAs("overdue_rectifications")).sum();
        int catalogUpkeepOverdue = scorecard.stream().mapToInt(row -> row.<Integer>getAs("catalog_upkeep_overdue")).sum();
        Map<String, Object> model = new HashMap<>();
        model.put("runId", runId);
        model.put("evaluationDate", evaluationDate);
        model.put("departments", departments);
        model.put("dimensions", dimensions);
        model.put("overdueFeeds", overdueFeeds);
        model.put("overdueRectifications", overdueRectifications);
        model.put("catalogUpkeepOverdue", catalogUpkeepOverdue);
        try {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            model.put("chartData", new ObjectMapper().writeValueAsString(chartData).replace("</", "<\\/"));
            model.put("echarts", echarts());
            Files.createDirectories(directory);
            Path html = directory.resolve("index.html");
            Files.writeString(html, render(model), StandardCharsets.UTF_8);
            Path csv = directory.resolve("scorecard.csv");
            Files.writeString(csv, csv(scorecard), StandardCharsets.UTF_8);
            Path jsonFile = directory.resolve("scorecard.json");
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("runId", runId);
            document.put("evaluationDate", evaluationDate);
            document.put("departments", departments);
            document.put("overdueFeeds", overdueFeeds);
            document.put("overdueRectifications", overdueRectifications);
            document.put("catalogUpkeepOverdue", catalogUpkeepOverdue);
            document.put("trend", Map.of("runs", chartData.get("runs"), "departments", chartData.get("trend")));
            json.writeValue(jsonFile.toFile(), document);
            return new Written(html, csv, jsonFile, summary(evaluationDate, departments, overdueFeeds.size(), overdueRectifications));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the scorecard under " + directory, e);
        }
    }

    private void addTrend(Map<String, Object> chartData)
    {
        List<Row> history = spark.sql(format("SELECT run_id, evaluated_at, department_name, overall FROM %s ORDER BY evaluated_at, department_name", ScoreJob.SCORECARD))
                .collectAsList();
        List<String> runs = new ArrayList<>();
        Map<String, Integer> runIndex = new LinkedHashMap<>();
        DateTimeFormatter label = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));
        for (Row row : history) {
            if (!runIndex.containsKey(row.getString(0))) {
                runIndex.put(row.getString(0), runs.size());
                runs.add(label.format(row.getInstant(1)));
            }
        }
        Map<String, Double[]> lines = new LinkedHashMap<>();
        for (Row row : history) {
            lines.computeIfAbsent(row.getString(2), ignored -> new Double[runs.size()])[runIndex.get(row.getString(0))] = row.getDouble(3);
        }
        List<Map<String, Object>> trend = new ArrayList<>();
        lines.forEach((name, values) -> trend.add(Map.of("name", name, "values", java.util.Arrays.asList(values))));
        chartData.put("runs", runs);
        chartData.put("trend", trend);
    }

    /**
     * Per department, the reasons with the most rejected rows, each with a sample message and its
     * first rows (file, line, field and raw text). The raw text is shown as quality.rejects keeps
     * it: ingest masks the sensitive values of every record before writing it there.
     */
    private Map<String, List<Map<String, Object>>> topRejects()
    {
        Map<String, List<Map<String, Object>>> result = new HashMap<>();
        Map<String, Map<String, Object>> reasons = new HashMap<>();
        spark.sql(format("""
                        WITH reasons AS (
                          SELECT department, reason_code, count(*) AS rows, min(message) AS sample,
                                 row_number() OVER (PARTITION BY department ORDER BY count(*) DESC, reason_code) AS position
                          FROM %1$s GROUP BY department, reason_code),
                        samples AS (
                          SELECT department, reason_code, source_file, source_line, field, raw_text,
                                 row_number() OVER (PARTITION BY department, reason_code ORDER BY source_file, source_line, field) AS sample_position
                          FROM %1$s)
                        SELECT r.department, r.reason_code, r.rows, r.sample, s.source_file, s.source_line, s.field, s.raw_text
                        FROM reasons r JOIN samples s ON s.department = r.department AND s.reason_code = r.reason_code AND s.sample_position <= %3$s
                        WHERE r.position <= %2$s ORDER BY r.department, r.position, s.sample_position""", LakeTables.REJECTS, SAMPLES, SAMPLE_ROWS))
                .collectAsList()
                .forEach(row -> {
                    Map<String, Object> reason = reasons.computeIfAbsent(row.getString(0) + "/" + row.getString(1), ignored -> {
                        Map<String, Object> created = new LinkedHashMap<>();
                        created.put("reason", row.getString(1));
                        created.put("rows", row.getLong(2));
                        created.put("sample", row.isNullAt(3) ? "" : row.getString(3));
                        created.put("samples", new ArrayList<Map<String, Object>>());
                        result.computeIfAbsent(row.getString(0), department -> new ArrayList<>()).add(created);
                        return created;
                    });
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("file", row.getString(4));
                    sample.put("line", row.getLong(5));
                    sample.put("field", row.isNullAt(6) ? "" : row.getString(6));
                    sample.put("rawText", row.isNullAt(7) ? "" : shorten(row.getString(7)));
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> samples = (List<Map<String, Object>>) reason.get("samples");
                    samples.add(sample);
                });
        return result;
    }

    /** A record of up to 4,000 characters would swamp the page; its start is enough to find it. */
    private static String shorten(String rawText)
    {
        if (rawText.codePointCount(0, rawText.length()) <= RAW_TEXT_SHOWN) {
            return rawText;
        }
        return rawText.substring(0, rawText.offsetByCodePoints(0, RAW_TEXT_SHOWN)) + "…";
    }

    private Map<String, List<Map<String, Object>>> sampleConflicts()
    {
        Map<String, List<Map<String, Object>>> result = new HashMap<>();
        if (!spark.catalog().tableExists(ConsolidateJob.CONFLICTS)) {
            return result;
        }
        Set<String> sensitive = new HashSet<>();
        for (var entry : catalog.entries()) {
            for (CatalogField field : entry.fields()) {
                if (field.sensitive() != SensitiveClass.NONE) {
                    field.element().ifPresent(sensitive::add);
                }
            }
        }
        spark.sql(format("""
                        SELECT other_department, base, element, subject_key, authoritative_value, other_value, authoritative_department, other_file, other_line FROM (
                          SELECT *, row_number() OVER (PARTITION BY other_department ORDER BY base, element, subject_key) AS position FROM %s)
                        WHERE position <= %s ORDER BY other_department, position""", ConsolidateJob.CONFLICTS, SAMPLES))
                .collectAsList()
                .forEach(row -> {
                    boolean mask = sensitive.contains(row.getString(2));
                    boolean personKey = "person".equals(row.getString(1));
                    Map<String, Object> conflict = new LinkedHashMap<>();
                    conflict.put("element", row.getString(2));
                    conflict.put("subject", personKey ? Masking.mask(row.getString(3)) : row.getString(3));
                    conflict.put("authoritative", mask ? Masking.mask(row.getString(4)) : row.getString(4));
                    conflict.put("other", mask ? Masking.mask(row.getString(5)) : row.getString(5));
                    conflict.put("authority", row.getString(6));
                    conflict.put("source", row.getString(7) + " line " + row.getLong(8));
                    result.computeIfAbsent(row.getString(0), ignored -> new ArrayList<>()).add(conflict);
                });
        return result;
    }

    private static String render(Map<String, Object> model)
    {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setClassForTemplateLoading(ScorecardReport.class, "/io/pdlake/scorecard");
        configuration.setDefaultEncoding("UTF-8");
        configuration.setLocale(Locale.ROOT);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        try {
            Template template = configuration.getTemplate("scorecard.ftlh");
            Writer out = new StringWriter();
            template.process(model, out);
            return out.toString();
        }
        catch (IOException | TemplateException e) {
            throw new IllegalStateException("Cannot render the scorecard template: " + e.getMessage(), e);
        }
    }

    private static String echarts()
            throws IOException
    {
        try (InputStream input = ScorecardReport.class.getClassLoader().getResourceAsStream(ECHARTS)) {
            if (input == null) {
                throw new IllegalStateException("ECharts is missing from the class path: " + ECHARTS);
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        }
    }

    private static String csv(List<Row> scorecard)
    {
        StringBuilder text = new StringBuilder("rank,department,department_name,department_name_en,conformity,completeness,accuracy,consistency,timeliness,accessibility,"
                + "overall,overdue_feeds,overdue_rectifications,catalog_upkeep_overdue,evaluation_date,run_id\n");
        for (Row row : scorecard) {
            List<String> cells = new ArrayList<>();
            cells.add(String.valueOf(row.<Integer>getAs("rank")));
            cells.add(row.getAs("department"));
            cells.add(row.getAs("department_name"));
            cells.add(row.getAs("department_name_en"));
            for (QualityDimension dimension : QualityDimension.values()) {
                Double value = row.getAs(dimension.label());
                cells.add(value == null ? "" : value.toString());
            }
            cells.add(String.valueOf(row.<Double>getAs("overall")));
            cells.add(String.valueOf(row.<Integer>getAs("overdue_feeds")));
            cells.add(String.valueOf(row.<Integer>getAs("overdue_rectifications")));
            cells.add(String.valueOf(row.<Integer>getAs("catalog_upkeep_overdue")));
            cells.add(row.getLocalDate(row.fieldIndex("evaluation_date")).toString());
            cells.add(row.getAs("run_id"));
            text.append(String.join(",", cells.stream().map(ScorecardReport::csvCell).toList())).append('\n');
        }
        return text.toString();
    }

    private static String csvCell(String value)
    {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static String summary(String evaluationDate, List<Map<String, Object>> departments, int overdueFeeds, int overdueRectifications)
    {
        StringBuilder text = new StringBuilder(format("scorecard %s: %s departments, %s feeds overdue or never delivered, %s rectification items overdue%n",
                evaluationDate, departments.size(), overdueFeeds, overdueRectifications));
        int shown = Math.min(3, departments.size());
        text.append("  top:   ");
        text.append(String.join("; ", departments.subList(0, shown).stream().map(ScorecardReport::line).toList())).append(System.lineSeparator());
        text.append("  bottom: ");
        text.append(String.join("; ", departments.subList(departments.size() - shown, departments.size()).stream().map(ScorecardReport::line).toList()));
        return text.toString();
    }

    private static String line(Map<String, Object> department)
    {
        return format("%s. %s %.1f", department.get("rank"), department.get("name"), (Double) department.get("overall"));
    }
}
