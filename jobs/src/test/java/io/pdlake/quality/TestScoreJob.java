package io.pdlake.quality;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.identity.IdNumbers;
import io.pdlake.ingest.IngestJob;
import io.pdlake.testing.FeedWriter;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The metric formulas on a feed with known counts. */
class TestScoreJob
{
    @TempDir
    static Path directory;

    static TestingLake.Lake lake;
    static ScoreJob.Result result;

    static Instant at(String localDateTime)
    {
        return LocalDateTime.parse(localDateTime).atZone(WorkingCalendar.ZONE).toInstant();
    }

    static String id(String first)
    {
        return first + IdNumbers.checkCharacter(first);
    }

    @BeforeAll
    static void scoreAFeedWithKnownCounts()
    {
        lake = TestingLake.create(directory);
        ResourceCatalog catalog = ResourceCatalog.load(ProjectFiles.schemas());
        List<Map<String, String>> rows = new ArrayList<>();
        for (int index = 1; index <= 6; index++) {
            rows.add(person(id("1305021980010100" + index), "人" + index, "1980-01-01"));
        }
        // a second record of subject 1: seven accepted rows, six subjects
        rows.add(person(id("13050219800101001"), "人1", "1980-01-01"));
        String good = id("13050219800101009");
        rows.add(person(good.substring(0, 17) + (good.charAt(17) == '1' ? '2' : '1'), "坏校验", "1980-01-01"));
        rows.add(person(id("13050219800101010"), "", "1980-01-01"));
        rows.add(person(id("13050219800101011"), "坏日期", "1980-13-01"));
        FeedWriter.write(lake.landing(), catalog.entry("XT-GA-0001").orElseThrow(), "20261102", rows);
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.fixed(at("2026-11-02T10:00:00"), WorkingCalendar.ZONE), line -> {}).run();
        new ConsolidateJob(lake.spark(), catalog, "lake", Clock.fixed(at("2026-11-02T11:00:00"), WorkingCalendar.ZONE), line -> {}).run(false);
        WorkingCalendar calendar = WorkingCalendar.load(ProjectFiles.root().resolve("conf/calendar"));
        result = new ScoreJob(lake.spark(), catalog, calendar, new FreshnessPolicy(calendar, Duration.ofHours(2)),
                List.of(new DutyChange(java.time.LocalDate.parse("2026-10-09"), "test change", List.of("XT-GA-0001"))), line -> {})
                .run(at("2026-11-05T10:00:00"));
    }

    private static Map<String, String> person(String id, String name, String birth)
    {
        return Map.of("id_number", id, "name", name, "sex", "1", "birth_date", birth, "ethnicity", "汉族", "household_address", "邢台", "updated_at", "2026-11-02 08:00:00");
    }

    private static Map<String, double[]> entryMetrics(String code)
    {
        Map<String, double[]> metrics = new HashMap<>();
        lake.spark().sql(format("SELECT dimension, metric, numerator, denominator, score FROM %s WHERE scope = 'entry' AND entry_code = '%s'", ScoreJob.METRICS, code))
                .collectAsList()
                .forEach(row -> metrics.put(row.getString(0) + "/" + row.getString(1),
                        new double[] {row.getDouble(2), row.getDouble(3), row.isNullAt(4) ? Double.NaN : row.getDouble(4)}));
        return metrics;
    }

    @Test
    void entryMetricsFollowTheDocumentedFormulas()
    {
        Map<String, double[]> metrics = entryMetrics("XT-GA-0001");
        assertThat(metrics.get("conformity/rows_conforming")).containsExactly(9, 10, 90);
        assertThat(metrics.get("completeness/required_elements_filled")).containsExactly(new double[] {59, 60, 98.33}, within(0.001));
        assertThat(metrics.get("accuracy/valid_identifiers_and_values")).containsExactly(9, 10, 90);
        assertThat(metrics.get("accuracy/unique_keys")).containsExactly(new double[] {6, 7, 85.71}, within(0.001));
        assertThat(metrics.get("accuracy/score")[2]).isCloseTo(87.86, within(0.01));
        assertThat(metrics.get("consistency/agreeing_elements")[2]).isEqualTo(100);
        assertThat(metrics.get("timeliness/freshness_score")[2]).isEqualTo(60);
        assertThat(metrics.get("accessibility/attributes_set_and_table_reachable")).containsExactly(2, 2, 100);
    }

    @Test
    void freshnessIsRecordedPerEntry()
    {
        Row household = lake.spark().sql(format("SELECT status, next_due, calendar_days_late, working_days_late, score FROM %s WHERE entry_code = 'XT-GA-0001'",
                ScoreJob.FRESHNESS)).first();
        assertThat(household.getString(0)).isEqualTo("overdue");
        assertThat(household.getLocalDate(1)).hasToString("2026-11-03");
        assertThat(household.getInt(2)).isEqualTo(2);
        assertThat(household.getInt(3)).isEqualTo(2);
        assertThat(household.getDouble(4)).isEqualTo(60);
        assertThat(lake.spark().sql(format("SELECT status FROM %s WHERE entry_code = 'XT-GA-0002'", ScoreJob.FRESHNESS)).first().getString(0))
                .isEqualTo("never-delivered");
    }

    @Test
    void departmentScoresAverageTheirEntries()
    {
        Row gongan = lake.spark().sql(format("SELECT timeliness, accessibility, conformity, overall, overdue_feeds FROM %s WHERE department = 'gongan'", ScoreJob.SCORECARD)).first();
        // household registration 60, residence permits never delivered 0
        assertThat(gongan.getDouble(0)).isEqualTo(30);
        // residence permits: attributes set but no table yet
        assertThat(gongan.getDouble(1)).isEqualTo(75);
        assertThat(gongan.getDouble(2)).isEqualTo(90);
        assertThat(gongan.getInt(4)).isEqualTo(2);
        Row metric = lake.spark().sql(format("SELECT numerator, denominator, score FROM %s WHERE scope = 'department' AND department = 'gongan' AND dimension = 'timeliness'",
                ScoreJob.METRICS)).first();
        assertThat(metric.getDouble(2)).isEqualTo(30);
        assertThat(result.departments()).isEqualTo(13);
    }

    @Test
    void rectificationAndCatalogUpkeepCarryWorkingDayDeadlines()
    {
        Row rejects = lake.spark().sql(format("SELECT items, raised_on, deadline, status FROM %s WHERE department = 'gongan' AND kind = 'reject'", ScoreJob.RECTIFICATION)).first();
        assertThat(rejects.getLong(0)).isEqualTo(3);
        assertThat(rejects.getLocalDate(1)).hasToString("2026-11-02");
        assertThat(rejects.getLocalDate(2)).hasToString("2026-11-16");
        assertThat(rejects.getString(3)).isEqualTo("open");
        // change on Friday 2026-10-09; Saturday 10 October is a make-up working day, so 15 working days later is 2026-10-29;
        // the catalog was never loaded here
        Row upkeep = lake.spark().sql(format("SELECT deadline, status FROM %s WHERE entry_code = 'XT-GA-0001'", ScoreJob.CATALOG_UPKEEP)).first();
        assertThat(upkeep.getLocalDate(0)).hasToString("2026-10-29");
        assertThat(upkeep.getString(1)).isEqualTo("overdue");
        assertThat(result.overdueCatalogUpkeep()).isEqualTo(1);
    }
}
