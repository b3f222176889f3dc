package io.pdlake.consolidate;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.identity.CreditCodes;
import io.pdlake.identity.IdNumbers;
import io.pdlake.ingest.IngestJob;
import io.pdlake.testing.FeedWriter;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.OverwriteByExpression;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.String.format;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-written fixture whose base rows and conflicts are known cell by cell, fed in two orders
 * into two lakes; consolidated incrementally after each delivery, then rebuilt in full.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestConsolidateJob
{
    static final String P1 = id("13050219800101001");
    static final String P2 = id("13050319850505002");
    static final String P3 = id("13050519900909003");
    static final String E1 = uscc("91130502", "MA0ABC01");
    static final String E2 = uscc("51130500", "MJ0XYW02");
    /** A valid ID number with its last character changed. */
    static final String BAD_CHECK_CHARACTER = badCheckCharacter(id("13050619700707004"));
    static final String PARCEL = "130502001001GB00001";
    static final String FOOD_LICENSE = "SC-2026-000101";
    static final String PROPERTY_CERTIFICATE = "ZR-2026-000101";
    static final List<String> TABLES = List.of("base.person", "base.legal_entity", "base.license", "base.credit", "base.spatial");

    @TempDir
    static Path directory;

    static ResourceCatalog catalog;
    static TestingLake.Lake forward;
    static TestingLake.Lake backward;
    /** What each consolidation of the forward lake reported, one list per delivery. */
    static final List<List<ConsolidationSummary>> forwardSummaries = new ArrayList<>();

    static String id(String first)
    {
        return first + IdNumbers.checkCharacter(first);
    }

    static String badCheckCharacter(String valid)
    {
        char last = valid.charAt(17);
        return valid.substring(0, 17) + (last == '1' ? '2' : '1');
    }

    static String uscc(String prefix, String body)
    {
        String first = prefix + body + CreditCodes.organizationCheckCharacter(body);
        return first + CreditCodes.checkCharacter(first);
    }

    /** The deliveries, each a list of (entry code, batch, rows). */
    static List<List<Object[]>> deliveries()
    {
        List<Object[]> first = List.of(
                new Object[] {"XT-GA-0001", "20261101", List.of(
                        Map.of("id_number", P1, "name", "张三", "sex", "1", "birth_date", "1980-01-01", "ethnicity", "汉族", "household_address", "信都区中兴大街1号",
                                "updated_at", "2026-11-01 08:00:00"),
                        Map.of("id_number", P3, "name", "王五", "sex", "1", "birth_date", "1990-09-09", "household_address", "任泽区钢铁路5号",
                                "updated_at", "2026-11-01 08:00:00"),
                        // two subjects ingest must reject: they may never reach base.person
                        Map.of("id_number", BAD_CHECK_CHARACTER, "name", "赵七", "sex", "1", "birth_date", "1970-07-07", "household_address", "南和区和阳大街4号",
                                "updated_at", "2026-11-01 08:00:00"),
                        Map.of("name", "钱八", "sex", "2", "birth_date", "1975-05-05", "household_address", "信都区中华大街6号", "updated_at", "2026-11-01 08:00:00"))},
                new Object[] {"XT-RS-0001", "20261101", List.of(
                        Map.of("id_number", P1, "name", "张叁", "sex", "1", "insurance_kind", "养老保险", "enrolled_on", "2010-01-01", "monthly_base", "5000",
                                "updated_at", "2026-11-01 09:00:00"),
                        Map.of("id_number", P2, "name", "李四", "sex", "2", "insurance_kind", "医疗保险", "enrolled_on", "2015-03-01", "monthly_base", "4000",
                                "updated_at", "2026-11-01 09:00:00"))},
                new Object[] {"XT-SC-0001", "20261101", List.of(
                        Map.of("uscc", E1, "name", "邢台甲乙有限公司", "entity_type", "有限责任公司", "legal_representative", "张三", "registered_capital", "100",
                                "established_on", "2001-02-03", "address", "襄都区新华路9号", "status", "存续", "updated_at", "2026-11-01 10:00:00"))},
                new Object[] {"XT-SC-0003", "20261101", List.of(
                        Map.of("license_number", FOOD_LICENSE, "holder_uscc", E1, "license_name", "食品经营许可证", "issued_on", "2025-03-01",
                                "valid_until", "2030-02-28", "holder_name", "邢台甲乙有限公司", "updated_at", "2026-11-01 11:00:00"))},
                new Object[] {"XT-XY-0001", "20261101", List.of(
                        Map.of("record_id", "XY-2026-000101", "subject_uscc", E1, "subject_name", "邢台甲乙有限公司", "penalty_content", "警告",
                                "decided_on", "2026-03-15", "authority", "邢台市市场监督管理局", "updated_at", "2026-11-01 12:00:00"),
                        Map.of("record_id", "XY-2026-000102", "subject_uscc", E1, "subject_name", "邢台甲乙有限公司", "penalty_content", "罚款",
                                "fine_amount", "2.50", "decided_on", "2026-06-20", "authority", "邢台市应急管理局", "updated_at", "2026-11-01 12:00:00"))},
                new Object[] {"XT-ZR-0001", "20261101", List.of(
                        Map.of("parcel_code", PARCEL, "district", "襄都区", "area_m2", "1250.50", "land_use", "工业用地", "right_holder_uscc", E1,
                                "updated_at", "2026-11-01 13:00:00"))});
        List<Object[]> second = List.of(
                new Object[] {"XT-GA-0001", "20261102", List.of(
                        Map.of("id_number", P1, "name", "张三", "sex", "1", "birth_date", "1980-01-01", "ethnicity", "汉族", "household_address", "信都区守敬路2号",
                                "updated_at", "2026-11-02 08:00:00"))},
                new Object[] {"XT-WA-0001", "20261102", List.of(
                        Map.of("account_number", "W001", "id_number", P1, "name", "张三", "address", "襄都区团结路7号", "phone", "13800000001",
                                "updated_at", "2026-11-02 12:00:00"))},
                new Object[] {"XT-RS-0002", "20261102", List.of(
                        Map.of("uscc", E1, "name", "邢台甲乙有限公司", "address", "襄都区新华路10号", "insured_count", "12", "updated_at", "2026-11-02 10:00:00"),
                        Map.of("uscc", E2, "name", "邢台市玻璃协会会", "address", "信都区泉北大街3号", "insured_count", "3", "updated_at", "2026-11-02 10:00:00"))},
                new Object[] {"XT-MZ-0001", "20261102", List.of(
                        Map.of("uscc", E2, "name", "邢台市玻璃协会", "entity_type", "社会团体", "legal_representative", "赵六", "established_on", "2005-05-05",
                                "address", "信都区泉北大街3号", "status", "存续", "updated_at", "2026-11-02 11:00:00"))},
                // the same update time as the first batch's record of E1: the later batch must win, whichever arrives first
                new Object[] {"XT-SC-0001", "20261102", List.of(
                        Map.of("uscc", E1, "name", "邢台甲乙有限公司", "entity_type", "有限责任公司", "legal_representative", "张三", "registered_capital", "100",
                                "established_on", "2001-02-03", "address", "襄都区新华路9号", "status", "吊销", "updated_at", "2026-11-01 10:00:00"))},
                new Object[] {"XT-ZR-0002", "20261102", List.of(
                        Map.of("parcel_code", PARCEL, "certificate_number", PROPERTY_CERTIFICATE, "owner_id_number", P1, "area_m2", "96.30",
                                "registered_on", "2026-10-20", "updated_at", "2026-11-02 13:00:00"))});
        return List.of(first, second);
    }

    static void deliver(TestingLake.Lake lake, List<Object[]> delivery)
    {
        for (Object[] feed : delivery) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> rows = (List<Map<String, String>>) feed[2];
            FeedWriter.write(lake.landing(), catalog.entry((String) feed[0]).orElseThrow(), (String) feed[1], rows);
        }
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
    }

    /** The forward lake consolidates incrementally three bases at a time, as the profiles do, the others one by one: all must agree. */
    static List<ConsolidationSummary> consolidate(TestingLake.Lake lake, boolean full)
    {
        return new ConsolidateJob(lake.spark(), catalog, lake.config().catalogName(), Clock.systemUTC(), line -> {}).withParallelism(lake == forward ? 3 : 1).run(full);
    }

    @BeforeAll
    static void deliverInTwoOrders()
    {
        catalog = ResourceCatalog.load(ProjectFiles.schemas());
        forward = TestingLake.create(directory.resolve("forward"));
        backward = TestingLake.create(directory.resolve("backward"));
        List<List<Object[]>> deliveries = deliveries();
        for (List<Object[]> delivery : deliveries) {
            deliver(forward, delivery);
            forwardSummaries.add(consolidate(forward, false));
        }
        // the other lake gets every feed alone, last first, consolidated after each
        List<Object[]> reversed = new ArrayList<>();
        deliveries.forEach(reversed::addAll);
        java.util.Collections.reverse(reversed);
        for (Object[] feed : reversed) {
            deliver(backward, List.<Object[]>of(feed));
            consolidate(backward, false);
        }
    }

    private static Row person(SparkSession spark, String id)
    {
        return spark.sql(format("SELECT * FROM base.person WHERE id_number = '%s'", id)).first();
    }

    @Test
    @Order(1)
    void theAuthorityWinsAndOthersFillGaps()
    {
        SparkSession spark = forward.spark();
        Row p1 = person(spark, P1);
        assertThat(p1.<String>getAs("name")).isEqualTo("张三");
        assertThat(p1.<String>getAs("sex")).isEqualTo("1");
        assertThat(p1.<Object>getAs("birth_date")).hasToString("1980-01-01");
        assertThat(p1.<String>getAs("ethnicity")).isEqualTo("汉族");
        assertThat(p1.<String>getAs("household_address")).isEqualTo("信都区守敬路2号");
        assertThat(p1.<String>getAs("residence_address")).isEqualTo("襄都区团结路7号");
        assertThat(p1.<String>getAs("phone")).isEqualTo("13800000001");
        assertThat(p1.<Boolean>getAs("confirmed")).isTrue();
        assertThat(p1.getList(p1.fieldIndex("source_departments"))).containsExactly("gongan", "rsj", "shuiwu_group");

        Row lineage = spark.sql(format("SELECT lineage['household_address'].department, lineage['household_address'].batch_id, lineage['household_address'].source_file, "
                + "lineage['household_address'].source_line, lineage['phone'].department FROM base.person WHERE id_number = '%s'", P1)).first();
        assertThat(lineage.getString(0)).isEqualTo("gongan");
        assertThat(lineage.getString(1)).isEqualTo("130500/gongan/household_registration/20261102");
        assertThat(lineage.getString(2)).isEqualTo("130500/gongan/household_registration/20261102/part-00001.csv");
        assertThat(lineage.getLong(3)).isEqualTo(2);
        assertThat(lineage.getString(4)).isEqualTo("shuiwu_group");
        // the lineage names exactly the elements that hold a value, in every base row
        List<String> elements = new ArrayList<>(List.of(spark.table("base.person").columns()));
        elements.removeAll(List.of("id_number", "lookup_key", "confirmed", "source_departments", "updated_at", "lineage", "row_hash"));
        assertThat(elements).contains("phone", "household_address");
        String mismatch = String.join(" OR ", elements.stream().map(element -> format("(%s IS NOT NULL) <> map_contains_key(lineage, '%1$s')", element)).toList());
        assertThat(spark.sql("SELECT count(*) FROM base.person WHERE " + mismatch).first().getLong(0)).isZero();
        assertThat(spark.sql("SELECT count(*) FROM base.person WHERE size(lineage) < 2").first().getLong(0)).isZero();

        Row p2 = person(spark, P2);
        assertThat(p2.<String>getAs("name")).isEqualTo("李四");
        assertThat(p2.<Boolean>getAs("confirmed")).isFalse();
        assertThat(p2.<String>getAs("household_address")).isNull();
        assertThat(person(spark, P3).<String>getAs("ethnicity")).isNull();
        assertThat(spark.table("base.person").count()).isEqualTo(3);

        Row e1 = spark.sql(format("SELECT name, address, registered_capital, confirmed FROM base.legal_entity WHERE uscc = '%s'", E1)).first();
        assertThat(e1.getString(0)).isEqualTo("邢台甲乙有限公司");
        assertThat(e1.getString(1)).isEqualTo("襄都区新华路9号");
        assertThat(e1.getDecimal(2)).isEqualByComparingTo("100");
        assertThat(e1.getBoolean(3)).isTrue();
        Row e2 = spark.sql(format("SELECT name, legal_representative, confirmed FROM base.legal_entity WHERE uscc = '%s'", E2)).first();
        assertThat(e2.getString(0)).isEqualTo("邢台市玻璃协会");
        assertThat(e2.getString(1)).isEqualTo("赵六");
        assertThat(e2.getBoolean(2)).isTrue();
    }

    @Test
    @Order(2)
    void disagreementsWithTheAuthorityAreConflicts()
    {
        List<String> conflicts = forward.spark().sql("SELECT base, subject_key, element, authoritative_value, other_value, authoritative_department, other_department, "
                        + "other_file, other_line FROM quality.conflicts ORDER BY base, subject_key, element")
                .collectAsList().stream().map(row -> row.mkString("|")).toList();
        assertThat(conflicts).containsExactlyInAnyOrder(
                "legal_entity|" + E1 + "|legal_entity.address|襄都区新华路9号|襄都区新华路10号|scjg|rsj|130500/rsj/employer_insurance/20261102/part-00001.csv|2",
                "legal_entity|" + E2 + "|legal_entity.name|邢台市玻璃协会|邢台市玻璃协会会|mzj|rsj|130500/rsj/employer_insurance/20261102/part-00001.csv|3",
                "person|" + P1 + "|person.name|张三|张叁|gongan|rsj|130500/rsj/social_insurance_enrolment/20261101/part-00001.csv|2");
        // employer insurance reports the name and address of E1 (authority: market supervision) and of E2
        // (a social organisation: civil affairs); two of those four disagree
        assertThat(ConsolidateJob.comparedElements(forward.spark())).containsEntry("legal_entity\traw.employer_insurance", 4L);
    }

    @Test
    @Order(3)
    void multiHeadCollectionIsReported()
    {
        List<String> findings = forward.spark().sql("SELECT department, element, authority, rows FROM quality.multi_head_collection WHERE rows > 0")
                .collectAsList().stream().map(row -> row.mkString("|")).toList();
        assertThat(findings).contains("rsj|person.name|gongan|2", "shuiwu_group|person.phone|gongan|1", "rsj|legal_entity.address|scjg|2");
    }

    @Test
    @Order(4)
    void licencesCreditRecordsAndParcelsAreConsolidated()
    {
        SparkSession spark = forward.spark();
        assertThat(rows(spark, "SELECT number, name, holder_key, CAST(issued_on AS STRING), CAST(valid_until AS STRING), issuer, confirmed, CAST(source_departments AS STRING), "
                + "lineage['holder_key'].table_name FROM base.license ORDER BY number")).containsExactly(
                FOOD_LICENSE + "|食品经营许可证|" + E1 + "|2025-03-01|2030-02-28|null|true|[scjg]|food_business_license",
                // a real-estate certificate carries only its number; natural resources is its authority by the ZR- prefix
                PROPERTY_CERTIFICATE + "|null|null|null|null|null|true|[zrzy]|null");

        // one subject, two records: the key is subject and record id together
        assertThat(rows(spark, "SELECT subject_key, record_id, content, CAST(decided_on AS STRING), authority, rating, confirmed, lineage['content'].source_line "
                + "FROM base.credit ORDER BY record_id")).containsExactly(
                E1 + "|XY-2026-000101|警告|2026-03-15|邢台市市场监督管理局|null|true|2",
                E1 + "|XY-2026-000102|罚款|2026-06-20|邢台市应急管理局|null|true|3");

        // one parcel from two sources of natural resources: the land parcel feed supplies every element, the registration only the key
        assertThat(rows(spark, "SELECT parcel_code, district, CAST(area AS STRING), land_use, right_holder_key, confirmed, CAST(source_departments AS STRING), CAST(updated_at AS STRING), "
                + "lineage['area'].table_name, lineage['area'].batch_id FROM base.spatial")).containsExactly(
                PARCEL + "|襄都区|1250.50|工业用地|" + E1 + "|true|[zrzy]|2026-11-02 13:00:00|land_parcel|130500/zrzy/land_parcel/20261101");
    }

    @Test
    @Order(5)
    void withinOneSourceTheLaterBatchWinsATie()
    {
        Row e1 = forward.spark().sql(format("SELECT status, lineage['status'].batch_id, CAST(lineage['status'].updated_at AS STRING) FROM base.legal_entity WHERE uscc = '%s'",
                E1)).first();
        assertThat(e1.getString(0)).isEqualTo("吊销");
        assertThat(e1.getString(1)).isEqualTo("130500/scjg/enterprise_registration/20261102");
        assertThat(e1.getString(2)).isEqualTo("2026-11-01 10:00:00");
        // the other lake got the later batch first; the comparison of both lakes follows below
        assertThat(backward.spark().sql(format("SELECT status FROM base.legal_entity WHERE uscc = '%s'", E1)).first().getString(0)).isEqualTo("吊销");
    }

    @Test
    @Order(6)
    void invalidAndMissingKeysNeverReachTheBaseTables()
    {
        for (TestingLake.Lake lake : List.of(forward, backward)) {
            SparkSession spark = lake.spark();
            assertThat(spark.table("base.person").count()).isEqualTo(3);
            assertThat(rows(spark, "SELECT id_number FROM base.person WHERE name IN ('赵七', '钱八') OR id_number = '" + BAD_CHECK_CHARACTER + "'")).isEmpty();
            assertThat(rows(spark, "SELECT source_file, source_line, reason_code FROM quality.rejects WHERE table_name = 'household_registration' ORDER BY source_line"))
                    .containsExactly(
                            "130500/gongan/household_registration/20261101/part-00001.csv|4|ID_NUMBER_CHECK_DIGIT",
                            "130500/gongan/household_registration/20261101/part-00001.csv|5|ID_NUMBER_MISSING");
        }
    }

    @Test
    @Order(7)
    void aSecondDeliveryIsConsolidatedIncrementally()
    {
        List<Object[]> second = deliveries().get(1);
        Map<String, Long> delivered = new HashMap<>();
        for (BasePlan plan : BasePlan.all(catalog)) {
            List<String> sources = plan.sources().stream().map(source -> source.entry().code()).toList();
            delivered.put(plan.rule().name(), second.stream().filter(feed -> sources.contains((String) feed[0])).mapToLong(feed -> ((List<?>) feed[2]).size()).sum());
        }
        assertThat(delivered).containsEntry("person", 2L).containsEntry("legal_entity", 4L).containsEntry("license", 1L).containsEntry("spatial", 1L);

        List<ConsolidationSummary> summaries = forwardSummaries.get(1);
        assertThat(summaries).extracting(ConsolidationSummary::base).containsExactlyInAnyOrderElementsOf(delivered.keySet());
        assertThat(summaries).allSatisfy(summary -> {
            assertThat(summary.full()).as(summary.base()).isFalse();
            assertThat(summary.newObservations()).as(summary.base()).isEqualTo(delivered.get(summary.base()));
        });
    }

    @Test
    @Order(8)
    void feedsArrivingInAnotherOrderGiveTheSameTables()
    {
        for (String table : TABLES) {
            assertThat(content(backward.spark(), table)).as(table).isEqualTo(content(forward.spark(), table));
        }
        assertThat(conflictContent(backward.spark())).isEqualTo(conflictContent(forward.spark()));
        // the backward lake kept its comparison and key counts by difference, feed by feed
        assertThat(ConsolidateJob.comparedElements(backward.spark())).isEqualTo(ConsolidateJob.comparedElements(forward.spark()));
        assertThat(keyCounts(backward.spark())).isEqualTo(keyCounts(forward.spark()));
    }

    @Test
    @Order(9)
    void aRerunWithNothingNewCommitsNothing()
    {
        Map<String, Long> before = snapshots(forward.spark());
        List<ConsolidationSummary> summaries = consolidate(forward, false);
        assertThat(summaries).allSatisfy(summary -> assertThat(summary.changedRows()).isZero());
        assertThat(snapshots(forward.spark())).isEqualTo(before);
    }

    @Test
    @Order(10)
    void aFullRebuildEqualsTheIncrementalHistory()
            throws InterruptedException
    {
        Map<String, List<String>> incremental = new HashMap<>();
        for (String table : TABLES) {
            incremental.put(table, content(forward.spark(), table));
        }
        List<String> conflicts = conflictContent(forward.spark());
        Map<String, Long> compared = ConsolidateJob.comparedElements(forward.spark());
        Map<String, Long> keys = keyCounts(forward.spark());
        // the analysed plans of the base tables' writes: Spark rearranges a write's rows to the
        // table's columns only where they come in another order, and then rebuilds every lineage
        // map with a transform, which runs row by row without generated code
        Map<String, String> writes = new ConcurrentHashMap<>();
        QueryExecutionListener listener = new QueryExecutionListener()
        {
            @Override
            public void onSuccess(String function, QueryExecution execution, long durationNanos)
            {
                if (execution.analyzed() instanceof OverwriteByExpression overwrite && overwrite.table().name().contains(".base.")) {
                    writes.put(overwrite.table().name(), execution.analyzed().toString());
                }
            }

            @Override
            public void onFailure(String function, QueryExecution execution, Exception exception) {}
        };
        forward.spark().listenerManager().register(listener);
        try {
            consolidate(forward, true);
            // the listener hears of each write through Spark's listener bus, after the write returns
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (writes.size() < TABLES.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        finally {
            forward.spark().listenerManager().unregister(listener);
        }
        assertThat(writes).hasSize(TABLES.size());
        writes.forEach((table, plan) -> assertThat(plan).as(table).contains("lineage").doesNotContain("lambdafunction"));
        for (String table : TABLES) {
            assertThat(content(forward.spark(), table)).as(table).isEqualTo(incremental.get(table));
        }
        assertThat(conflictContent(forward.spark())).isEqualTo(conflicts);
        assertThat(ConsolidateJob.comparedElements(forward.spark())).isEqualTo(compared);
        assertThat(keyCounts(forward.spark())).isEqualTo(keys);
    }

    @Test
    @Order(11)
    void aRerunAfterAnInterruptedIncrementalRunGivesTheSameTables()
    {
        TestingLake.Lake interrupted = TestingLake.create(directory.resolve("interrupted"));
        List<List<Object[]>> deliveries = deliveries();
        deliver(interrupted, deliveries.get(0));
        consolidate(interrupted, false);
        deliver(interrupted, deliveries.get(1));
        long watermarks = interrupted.spark().sql(format("SELECT snapshot_id FROM %s.history ORDER BY made_current_at DESC LIMIT 1", ConsolidateJob.WATERMARKS))
                .first().getLong(0);
        consolidate(interrupted, false);
        // as if the run had stopped after its MERGEs and before its watermarks: the base and conflicts
        // tables hold the second delivery, the watermarks say it is still to be consolidated
        interrupted.spark().sql(format("CALL %1$s.system.rollback_to_snapshot('%1$s.%2$s', %3$s)", interrupted.config().catalogName(), ConsolidateJob.WATERMARKS, watermarks))
                .collectAsList();

        List<ConsolidationSummary> rerun = consolidate(interrupted, false);

        assertThat(rerun).anySatisfy(summary -> assertThat(summary.newObservations()).isPositive());
        for (String table : TABLES) {
            assertThat(content(interrupted.spark(), table)).as(table).isEqualTo(content(forward.spark(), table));
        }
        assertThat(conflictContent(interrupted.spark())).isEqualTo(conflictContent(forward.spark()));
        // the running counts moved once, not twice
        assertThat(ConsolidateJob.comparedElements(interrupted.spark())).isEqualTo(ConsolidateJob.comparedElements(forward.spark()));
        assertThat(keyCounts(interrupted.spark())).isEqualTo(keyCounts(forward.spark()));
    }

    @Test
    @Order(12)
    void distinctSubjectKeysAreCountedWhereTheEntryKeyIsTheBaseKey()
    {
        for (TestingLake.Lake lake : List.of(forward, backward)) {
            SparkSession spark = lake.spark();
            Map<String, Long> expected = new HashMap<>();
            for (BasePlan plan : BasePlan.all(catalog)) {
                for (BasePlan.Source source : plan.keyedSources()) {
                    String table = source.entry().rawTable();
                    if (spark.catalog().tableExists(table)) {
                        expected.put(plan.rule().name() + "\t" + table, spark.table(table).select(countDistinct(col(source.entry().subjectKey().field()))).first().getLong(0));
                    }
                }
            }
            // household registration: P1 twice (two batches) and P3; its two rejected rows are not in raw
            assertThat(expected).containsEntry("person\traw.household_registration", 2L).containsEntry("legal_entity\traw.employer_insurance", 2L);
            assertThat(keyCounts(spark)).isEqualTo(expected);
            // as of each raw table's current snapshot, which score checks before it uses a count
            ConsolidateJob.watermarks(spark).forEach((key, watermark) -> assertThat(watermark.snapshotId()).as(key).isEqualTo(spark.sql(
                    format("SELECT snapshot_id FROM %s.history ORDER BY made_current_at DESC LIMIT 1", key.substring(key.indexOf('\t') + 1))).first().getLong(0)));
        }
        // licences and credit records are keyed by their own numbers, their entries by the holder
        assertThat(BasePlan.all(catalog)).filteredOn(plan -> List.of("license", "credit").contains(plan.rule().name()))
                .allSatisfy(plan -> assertThat(plan.keyedSources()).isEmpty());
    }

    private static Map<String, Long> keyCounts(SparkSession spark)
    {
        Map<String, Long> counts = new HashMap<>();
        ConsolidateJob.watermarks(spark).forEach((key, watermark) -> watermark.subjectKeys().ifPresent(keys -> counts.put(key, keys)));
        return counts;
    }

    private static List<String> rows(SparkSession spark, String query)
    {
        return spark.sql(query).collectAsList().stream().map(row -> row.mkString("|")).toList();
    }

    private static List<String> content(SparkSession spark, String table)
    {
        Column[] columns = Arrays.stream(spark.table(table).columns()).map(name -> col(name).cast("string")).toArray(Column[]::new);
        return spark.table(table).select(columns).collectAsList().stream().map(row -> row.mkString("|")).sorted().toList();
    }

    private static List<String> conflictContent(SparkSession spark)
    {
        return spark.table(ConsolidateJob.CONFLICTS).drop("detected_at").collectAsList().stream().map(row -> row.mkString("|")).sorted().toList();
    }

    private static Map<String, Long> snapshots(SparkSession spark)
    {
        Map<String, Long> snapshots = new HashMap<>();
        List<String> tables = new ArrayList<>(TABLES);
        tables.addAll(List.of(ConsolidateJob.CONFLICTS, ConsolidateJob.MULTI_HEAD, ConsolidateJob.WATERMARKS));
        for (String table : tables) {
            snapshots.put(table, spark.sql(format("SELECT snapshot_id FROM %s.history ORDER BY made_current_at DESC LIMIT 1", table)).first().getLong(0));
        }
        return snapshots;
    }
}
