package io.pdlake.quality;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogPublisher;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.identity.CreditCodes;
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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.lang.String.format;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The metric formulas, rectification deadlines and catalog upkeep on feeds with known counts,
 * delivered, consolidated and scored in date order: a first delivery on the Wednesday before
 * National Day scored on 16 October, a second on 2 November scored on 5 November.
 */
class TestScoreJob
{
    static final String ENTITY = uscc("91130502", "MA0ABC01");

    @TempDir
    static Path directory;

    static TestingLake.Lake lake;
    static ResourceCatalog catalog;
    static ScoreJob.Result early;
    static ScoreJob score;
    static ScoreJob.Result result;

    static Instant at(String localDateTime)
    {
        return LocalDateTime.parse(localDateTime).atZone(WorkingCalendar.ZONE).toInstant();
    }

    static String id(String first)
    {
        return first + IdNumbers.checkCharacter(first);
    }

    /** The n-th person of the household registration fixture. */
    static String person(int index)
    {
        return id(format("130502198001010%02d", index));
    }

    static String uscc(String prefix, String body)
    {
        String first = prefix + body + CreditCodes.organizationCheckCharacter(body);
        return first + CreditCodes.checkCharacter(first);
    }

    static String withWrongLastCharacter(String code)
    {
        return code.substring(0, 17) + (code.charAt(17) == '1' ? '2' : '1');
    }

    @BeforeAll
    static void deliverAndScoreInDateOrder()
    {
        lake = TestingLake.create(directory);
        catalog = ResourceCatalog.load(ProjectFiles.schemas());
        WorkingCalendar calendar = WorkingCalendar.load(ProjectFiles.root().resolve("conf/calendar"));
        score = new ScoreJob(lake.spark(), catalog, calendar, new FreshnessPolicy(calendar, Duration.ofHours(2)), List.of(
                new DutyChange(LocalDate.parse("2026-10-09"), "test change", List.of("XT-GA-0001")),
                new DutyChange(LocalDate.parse("2026-10-30"), "later change", List.of("XT-RS-0001", "XT-MZ-0002"))), line -> {});
        CatalogPublisher publisher = new CatalogPublisher(lake.spark());
        publisher.publish(catalog, at("2026-09-28T09:00:00"));

        // Wednesday 30 September, the day before National Day: rsj reports a company at another address
        // than market supervision (one conflict) and sends one row with a bad credit code (one reject)
        FeedWriter.write(lake.landing(), entry("XT-SC-0001"), "20260930", List.of(Map.of("uscc", ENTITY, "name", "邢台甲乙有限公司", "entity_type", "有限责任公司",
                "legal_representative", "张三", "registered_capital", "100", "established_on", "2001-02-03", "address", "襄都区新华路9号", "status", "存续",
                "updated_at", "2026-09-30 08:00:00")));
        FeedWriter.write(lake.landing(), entry("XT-RS-0002"), "20260930", List.of(
                Map.of("uscc", ENTITY, "name", "邢台甲乙有限公司", "address", "襄都区新华路10号", "insured_count", "12", "updated_at", "2026-09-30 09:00:00"),
                Map.of("uscc", withWrongLastCharacter(uscc("91130502", "MA0ABC02")), "name", "坏代码公司", "insured_count", "3", "updated_at", "2026-09-30 09:00:00")));
        ingestAndConsolidate("2026-09-30");
        early = score.run(at("2026-10-16T10:00:00"));

        List<Map<String, String>> household = new ArrayList<>();
        for (int index = 1; index <= 6; index++) {
            household.add(household(person(index), "人" + index, "1980-01-01"));
        }
        // a second record of subject 1: seven accepted rows, six subjects
        household.add(household(person(1), "人1", "1980-01-01"));
        household.add(household(withWrongLastCharacter(person(9)), "坏校验", "1980-01-01"));
        household.add(household(person(10), "", "1980-01-01"));
        household.add(household(person(11), "坏日期", "1980-13-01"));
        FeedWriter.write(lake.landing(), entry("XT-GA-0001"), "20261102", household);
        // social insurance against the household registration (the authority of name and sex), newest record per person:
        // 1 agrees on both; 2 differs in name, 3 in sex, 4 in both; 5 agrees on name and has no sex (its older record
        // differed); 20 and 21 are unknown to public security, so nothing authoritative to compare with
        FeedWriter.write(lake.landing(), entry("XT-RS-0001"), "20261102", List.of(
                insured(person(1), "人1", "1", "2026-11-02 09:00:00"),
                insured(person(2), "人二", "1", "2026-11-02 09:00:00"),
                insured(person(3), "人3", "2", "2026-11-02 09:00:00"),
                insured(person(4), "人四", "2", "2026-11-02 09:00:00"),
                insured(person(5), "人五", "1", "2026-11-01 09:00:00"),
                insured(person(5), "人5", "", "2026-11-02 09:00:00"),
                insured(person(20), "某甲", "1", "2026-11-02 09:00:00"),
                insured(person(21), "某乙", "2", "2026-11-02 09:00:00"),
                insured(withWrongLastCharacter(person(30)), "坏号", "1", "2026-11-02 09:00:00")));
        // marriage registration: 21's name in the base comes from social insurance (a fallback, not the authority),
        // so it is no comparison with the authority; 3 differs from public security, 2 agrees
        FeedWriter.write(lake.landing(), entry("XT-MZ-0002"), "20261102", List.of(
                married(person(21), "某丙"),
                married(person(3), "人三"),
                married(person(2), "人2")));
        ingestAndConsolidate("2026-11-02");

        // social insurance is re-catalogued after the change of 30 October; marriage registration is not yet
        List<CatalogEntry> entries = new ArrayList<>(catalog.entries());
        CatalogEntry insurance = entry("XT-RS-0001");
        entries.set(entries.indexOf(insurance), new CatalogEntry(insurance.code(), insurance.name(), insurance.nameEn(), insurance.department(), insurance.region(),
                insurance.subjectKey(), insurance.base(), insurance.table(), insurance.fields(), insurance.shareType(), insurance.shareLegalBasis(), insurance.openType(),
                insurance.openReview(), insurance.securityLevel(), insurance.usage() + "（2026年10月30日调整）", insurance.updateCycle(), insurance.sourceType(),
                insurance.approvalReference(), insurance.format(), insurance.encoding(), insurance.updatedAtField(), insurance.sourceFile()));
        publisher.publish(new ResourceCatalog(catalog.departments(), entries, catalog.oneSource()), at("2026-11-03T09:00:00"));
        result = score.run(at("2026-11-05T10:00:00"));
    }

    private static CatalogEntry entry(String code)
    {
        return catalog.entry(code).orElseThrow();
    }

    private static void ingestAndConsolidate(String date)
    {
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.fixed(at(date + "T10:00:00"), WorkingCalendar.ZONE), line -> {}).run();
        new ConsolidateJob(lake.spark(), catalog, "lake", Clock.fixed(at(date + "T11:00:00"), WorkingCalendar.ZONE), line -> {}).run(false);
    }

    private static Map<String, String> household(String id, String name, String birth)
    {
        return Map.of("id_number", id, "name", name, "sex", "1", "birth_date", birth, "ethnicity", "汉族", "household_address", "邢台", "updated_at", "2026-11-02 08:00:00");
    }

    private static Map<String, String> insured(String id, String name, String sex, String updatedAt)
    {
        return Map.of("id_number", id, "name", name, "sex", sex, "insurance_kind", "养老保险", "enrolled_on", "2010-01-01", "monthly_base", "5000", "updated_at", updatedAt);
    }

    private static Map<String, String> married(String id, String name)
    {
        return Map.of("id_number", id, "name", name, "spouse_id_number", person(40), "registration_kind", "结婚", "registered_on", "2020-05-20",
                "updated_at", "2026-11-02 07:00:00");
    }

    private static Map<String, double[]> entryMetrics(String runId, String code)
    {
        Map<String, double[]> metrics = new HashMap<>();
        lake.spark().sql(format("SELECT dimension, metric, numerator, denominator, score FROM %s WHERE run_id = '%s' AND scope = 'entry' AND entry_code = '%s'",
                        ScoreJob.METRICS, runId, code))
                .collectAsList()
                .forEach(row -> metrics.put(row.getString(0) + "/" + row.getString(1),
                        new double[] {row.getDouble(2), row.getDouble(3), row.isNullAt(4) ? Double.NaN : row.getDouble(4)}));
        return metrics;
    }

    /** The rectification rows of one run and department, as "kind raised_on items deadline status working_days_overdue". */
    private static List<String> rectification(String runId, String department)
    {
        return lake.spark().sql(format("SELECT kind, raised_on, items, deadline, status, working_days_overdue FROM %s WHERE run_id = '%s' AND department = '%s' "
                        + "ORDER BY raised_on, kind", ScoreJob.RECTIFICATION, runId, department))
                .collectAsList().stream()
                .map(row -> format("%s %s %s %s %s %s", row.getString(0), row.getLocalDate(1), row.getLong(2), row.getLocalDate(3), row.getString(4), row.getInt(5)))
                .toList();
    }

    @Test
    void entryMetricsFollowTheDocumentedFormulas()
    {
        Map<String, double[]> metrics = entryMetrics(result.runId(), "XT-GA-0001");
        assertThat(metrics.get("conformity/rows_conforming")).containsExactly(9, 10, 90);
        assertThat(metrics.get("completeness/required_elements_filled")).containsExactly(new double[] {59, 60, 98.33}, within(0.001));
        assertThat(metrics.get("accuracy/valid_identifiers_and_values")).containsExactly(9, 10, 90);
        assertThat(metrics.get("accuracy/unique_keys")).containsExactly(new double[] {6, 7, 85.71}, within(0.001));
        assertThat(metrics.get("accuracy/score")[2]).isCloseTo(87.86, within(0.01));
        // the authority's own values are compared with nothing
        assertThat(metrics.get("consistency/agreeing_elements")).containsExactly(0, 0, 100);
        assertThat(metrics.get("timeliness/freshness_score")[2]).isEqualTo(60);
        assertThat(metrics.get("accessibility/attributes_set_and_table_reachable")).containsExactly(2, 2, 100);
    }

    @Test
    void uniqueKeysAreWhatTheRawTablesHold()
    {
        // after consolidation: kept counts for entries keyed like their base, one aggregate for the rest
        assertThat(uniqueKeys(result.runId())).isEqualTo(rawUniqueKeys()).containsEntry("XT-GA-0001", "6/7");

        // a delivery not consolidated yet: consolidation's count is of an older snapshot, so the rows are counted
        FeedWriter.write(lake.landing(), entry("XT-GA-0001"), "20261104", List.of(household(person(7), "人7", "1980-01-01"), household(person(1), "人1", "1980-01-01")));
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.fixed(at("2026-11-04T10:00:00"), WorkingCalendar.ZONE), line -> {}).run();
        ScoreJob.Result later = score.run(at("2026-11-05T11:00:00"));
        assertThat(uniqueKeys(later.runId())).isEqualTo(rawUniqueKeys()).containsEntry("XT-GA-0001", "7/9");
        assertThat(recordedKeyCounts("XT-GA-0001")).containsExactly(7L);

        // the next delivery is counted on from that count: one new subject (8), one seen before (2)
        FeedWriter.write(lake.landing(), entry("XT-GA-0001"), "20261105", List.of(household(person(8), "人8", "1980-01-01"), household(person(2), "人2", "1980-01-01")));
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.fixed(at("2026-11-05T12:00:00"), WorkingCalendar.ZONE), line -> {}).run();
        ScoreJob.Result third = score.run(at("2026-11-05T13:00:00"));
        assertThat(uniqueKeys(third.runId())).isEqualTo(rawUniqueKeys()).containsEntry("XT-GA-0001", "8/11");
        assertThat(recordedKeyCounts("XT-GA-0001")).containsExactly(7L, 8L);
        // nothing new: the recorded count as it is, and nothing recorded again
        ScoreJob.Result again = score.run(at("2026-11-05T14:00:00"));
        assertThat(uniqueKeys(again.runId())).isEqualTo(uniqueKeys(third.runId()));
        assertThat(recordedKeyCounts("XT-GA-0001")).containsExactly(7L, 8L);

        // rows removed since the recorded count: counted in full again
        CatalogEntry household = entry("XT-GA-0001");
        lake.spark().sql(format("DELETE FROM %s WHERE %s = '%s'", household.rawTable(), household.subjectKey().field(), person(8)));
        ScoreJob.Result afterDelete = score.run(at("2026-11-05T15:00:00"));
        assertThat(uniqueKeys(afterDelete.runId())).isEqualTo(rawUniqueKeys()).containsEntry("XT-GA-0001", "7/10");
        assertThat(recordedKeyCounts("XT-GA-0001")).containsExactly(7L, 8L, 7L);
    }

    /** The distinct keys score recorded for an entry, oldest first. */
    private static List<Long> recordedKeyCounts(String entryCode)
    {
        return lake.spark().sql(format("SELECT subject_keys FROM %s WHERE entry_code = '%s' ORDER BY counted_at", ScoreJob.KEY_COUNTS, entryCode))
                .as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    }

    /** Per entry with rows: distinct keys / rows, as the run recorded them. */
    private static Map<String, String> uniqueKeys(String runId)
    {
        Map<String, String> counts = new TreeMap<>();
        lake.spark().sql(format("SELECT entry_code, numerator, denominator FROM %s WHERE run_id = '%s' AND scope = 'entry' AND metric = 'unique_keys' AND denominator > 0",
                        ScoreJob.METRICS, runId))
                .collectAsList()
                .forEach(row -> counts.put(row.getString(0), format("%.0f/%.0f", row.getDouble(1), row.getDouble(2))));
        return counts;
    }

    /** Per entry with rows: distinct keys / rows, counted from its raw table now. */
    private static Map<String, String> rawUniqueKeys()
    {
        Map<String, String> counts = new TreeMap<>();
        for (CatalogEntry entry : catalog.entries()) {
            if (lake.spark().catalog().tableExists(entry.rawTable())) {
                Row row = lake.spark().table(entry.rawTable()).agg(countDistinct(col(entry.subjectKey().field()).cast("string")), count(lit(1))).first();
                if (row.getLong(1) > 0) {
                    counts.put(entry.code(), row.getLong(0) + "/" + row.getLong(1));
                }
            }
        }
        return counts;
    }

    @Test
    void consistencyComparesNewestValuesWithTheAuthority()
    {
        // social insurance, newest record per person: name and sex of 1, 2, 3 and 4 and the name of 5 are compared
        // (9); 2's name, 3's sex and both of 4 disagree (4 conflicts)
        assertThat(entryMetrics(result.runId(), "XT-RS-0001").get("consistency/agreeing_elements")).containsExactly(new double[] {5, 9, 55.56}, within(0.001));
        assertThat(lake.spark().sql(format("SELECT count(*) FROM %s WHERE other_table = 'social_insurance_enrolment'", ConsolidateJob.CONFLICTS)).first().getLong(0))
                .isEqualTo(4);
        // marriage registration: the names of 3 and 2 are compared, 3's disagrees; 21's name came from a fallback
        assertThat(entryMetrics(result.runId(), "XT-MZ-0002").get("consistency/agreeing_elements")).containsExactly(1, 2, 50);
    }

    @Test
    void freshnessIsRecordedPerEntry()
    {
        Row household = lake.spark().sql(format("SELECT status, next_due, calendar_days_late, working_days_late, score FROM %s WHERE run_id = '%s' AND entry_code = 'XT-GA-0001'",
                ScoreJob.FRESHNESS, result.runId())).first();
        assertThat(household.getString(0)).isEqualTo("overdue");
        assertThat(household.getLocalDate(1)).hasToString("2026-11-03");
        assertThat(household.getInt(2)).isEqualTo(2);
        assertThat(household.getInt(3)).isEqualTo(2);
        assertThat(household.getDouble(4)).isEqualTo(60);
        assertThat(lake.spark().sql(format("SELECT status FROM %s WHERE run_id = '%s' AND entry_code = 'XT-GA-0002'", ScoreJob.FRESHNESS, result.runId())).first().getString(0))
                .isEqualTo("never-delivered");
    }

    @Test
    void departmentScoresAverageTheirEntries()
    {
        Row gongan = lake.spark().sql(format("SELECT timeliness, accessibility, conformity, overall, overdue_feeds FROM %s WHERE run_id = '%s' AND department = 'gongan'",
                ScoreJob.SCORECARD, result.runId())).first();
        // household registration 60, residence permits never delivered 0
        assertThat(gongan.getDouble(0)).isEqualTo(30);
        // residence permits: attributes set but no table yet
        assertThat(gongan.getDouble(1)).isEqualTo(75);
        assertThat(gongan.getDouble(2)).isEqualTo(90);
        assertThat(gongan.getInt(4)).isEqualTo(2);
        Row metric = lake.spark().sql(format("SELECT numerator, denominator, score FROM %s WHERE run_id = '%s' AND scope = 'department' AND department = 'gongan' "
                + "AND dimension = 'timeliness'", ScoreJob.METRICS, result.runId())).first();
        assertThat(metric.getDouble(2)).isEqualTo(30);
        assertThat(result.departments()).isEqualTo(13);
    }

    @Test
    void rectificationIsOpenUntilTenWorkingDaysAndOverdueAfter()
    {
        // raised Wednesday 30 September: 1-7 October are off and Saturday 10 October is a make-up working day,
        // so the tenth working day is Tuesday 20 October (weekends alone would give 14 October)
        assertThat(rectification(early.runId(), "rsj")).containsExactly(
                "conflict 2026-09-30 1 2026-10-20 open 0",
                "reject 2026-09-30 1 2026-10-20 open 0");
        // on Thursday 5 November those are 12 working days overdue (21-23 and 26-30 October, 2-5 November);
        // raised Monday 2 November, across two weekends, the deadline is Monday 16 November
        assertThat(rectification(result.runId(), "rsj")).containsExactly(
                "conflict 2026-09-30 1 2026-10-20 overdue 12",
                "reject 2026-09-30 1 2026-10-20 overdue 12",
                "conflict 2026-11-02 4 2026-11-16 open 0",
                "reject 2026-11-02 1 2026-11-16 open 0");
        assertThat(rectification(result.runId(), "gongan")).containsExactly("reject 2026-11-02 3 2026-11-16 open 0");
        assertThat(rectification(result.runId(), "mzj")).containsExactly("conflict 2026-11-02 1 2026-11-16 open 0");
        assertThat(early.overdueRectifications()).isZero();
        assertThat(result.overdueRectifications()).isEqualTo(2);
        assertThat(lake.spark().sql(format("SELECT overdue_rectifications FROM %s WHERE run_id = '%s' AND department = 'rsj'", ScoreJob.SCORECARD, result.runId()))
                .first().getInt(0)).isEqualTo(2);
    }

    @Test
    void catalogUpkeepIsPendingUpdatedOrOverdue()
    {
        // the catalog was published on 28 September. Change on Friday 9 October; Saturday 10 October is a make-up
        // working day, so 15 working days later is 29 October: pending on the 16th, overdue on 5 November
        Row before = lake.spark().sql(format("SELECT deadline, updated, status FROM %s WHERE run_id = '%s' AND entry_code = 'XT-GA-0001'",
                ScoreJob.CATALOG_UPKEEP, early.runId())).first();
        assertThat(before.getLocalDate(0)).hasToString("2026-10-29");
        assertThat(before.getBoolean(1)).isFalse();
        assertThat(before.getString(2)).isEqualTo("pending");
        Row after = lake.spark().sql(format("SELECT deadline, updated, status FROM %s WHERE run_id = '%s' AND entry_code = 'XT-GA-0001'",
                ScoreJob.CATALOG_UPKEEP, result.runId())).first();
        assertThat(after.getLocalDate(0)).hasToString("2026-10-29");
        assertThat(after.getString(2)).isEqualTo("overdue");
        // change on Friday 30 October, deadline Friday 20 November: social insurance was re-catalogued on 3 November,
        // marriage registration is still within its 15 working days
        List<String> later = lake.spark().sql(format("SELECT entry_code, deadline, last_catalog_change, updated, status FROM %s WHERE run_id = '%s' AND change_date = '2026-10-30' "
                        + "ORDER BY entry_code", ScoreJob.CATALOG_UPKEEP, result.runId()))
                .collectAsList().stream()
                .map(row -> format("%s %s %s %s %s", row.getString(0), row.getLocalDate(1), row.getInstant(2), row.getBoolean(3), row.getString(4)))
                .toList();
        assertThat(later).containsExactly(
                format("XT-MZ-0002 2026-11-20 %s false pending", at("2026-09-28T09:00:00")),
                format("XT-RS-0001 2026-11-20 %s true updated", at("2026-11-03T09:00:00")));
        assertThat(early.overdueCatalogUpkeep()).isZero();
        assertThat(result.overdueCatalogUpkeep()).isEqualTo(1);
    }
}
