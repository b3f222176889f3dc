package io.pdlake.consolidate;

import io.pdlake.catalog.OneSourceRules;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.testing.ProjectFiles;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.Function1;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TestOneSourceChoice
{
    private static final BasePlan LEGAL_ENTITY = BasePlan.all(load()).stream().filter(plan -> plan.rule().name().equals("legal_entity")).findFirst().orElseThrow();
    private static final StructType RECORDS = records(LEGAL_ENTITY);
    private static final OneSourceChoice CHOICE = new OneSourceChoice(LEGAL_ENTITY, RECORDS, LEGAL_ENTITY.keyColumns(), ConsolidateJob.comparisonsOf(LEGAL_ENTITY));

    @Test
    void theAuthorityWinsThenTheFallbacksInOrderWhateverTheirAge()
    {
        Row chosen = choose(
                record("scjg", "enterprise_registration", "91130500MA0000001X", Map.of("name", "authority's name"), "2026-11-01 00:00:00", "b1", "f1", 1),
                record("shuiwu", "taxpayer_registration", "91130500MA0000001X", Map.of("name", "tax name", "address", "tax address"), "2026-11-09 00:00:00", "b2", "f2", 1),
                record("rsj", "employer_insurance", "91130500MA0000001X", Map.of("name", "insurance name", "address", "insurance address"), "2026-11-10 00:00:00", "b3", "f3", 1));
        assertThat(chosen(chosen, "name").getString(0)).isEqualTo("authority's name");
        assertThat(chosen(chosen, "name").getInt(2)).isEqualTo(ConsolidateJob.AUTHORITY);
        // shuiwu is the first fallback for the address: it beats a newer rsj record
        assertThat(chosen(chosen, "address").getString(0)).isEqualTo("tax address");
        assertThat(chosen(chosen, "address").getInt(2)).isEqualTo(ConsolidateJob.AUTHORITY - 1);
        assertThat(source(chosen, "address").getString(0)).isEqualTo("shuiwu");
        assertThat(source(chosen, "name").getString(1)).isEqualTo("enterprise_registration");
        // each supplying record's lineage once, however many values it supplied; rsj supplied none
        assertThat(chosen.getList(chosen.fieldIndex(OneSourceChoice.SOURCES))).hasSize(2);
        // nobody reported the status
        assertThat(chosen.isNullAt(chosen.fieldIndex("_chosen_status"))).isTrue();
        assertThat(chosen.<Boolean>getAs("confirmed")).isTrue();
        assertThat(chosen.<String>getList(chosen.fieldIndex("source_departments"))).containsExactly("rsj", "scjg", "shuiwu");
        assertThat(instant(chosen.getAs("updated_at"))).isEqualTo(Timestamp.valueOf("2026-11-10 00:00:00").toInstant());
        // both other names disagree with the authority's: their records go on to the conflicts
        assertThat(batches(chosen)).containsExactly("b3", "b2");
    }

    @Test
    void amongEqualsTheNewestWinsThenBatchFileAndLine()
    {
        Row chosen = choose(
                record("gongdian", "power_account", "91130500MA0000002X", Map.of("name", "older"), "2026-11-01 00:00:00", "b9", "f9", 9),
                record("gongdian", "power_account", "91130500MA0000002X", Map.of("name", "no time"), null, "b9", "f9", 9),
                record("gongdian", "power_account", "91130500MA0000002X", Map.of("name", "newer, lower line"), "2026-11-05 00:00:00", "b1", "f1", 1),
                record("gongdian", "power_account", "91130500MA0000002X", Map.of("name", "newer, higher line"), "2026-11-05 00:00:00", "b1", "f1", 2));
        assertThat(chosen(chosen, "name").getString(0)).isEqualTo("newer, higher line");
        assertThat(chosen.<Boolean>getAs("confirmed")).isFalse();
    }

    @Test
    void eachSourceSpeaksThroughItsNewestRecordAlone()
    {
        // the market regulator's newer record has no name: its older name does not count, the tax office's does
        Row chosen = choose(
                record("scjg", "enterprise_registration", "91130500MA0000004X", Map.of("name", "old name"), "2026-11-01 00:00:00", "b1", "f1", 1),
                record("shuiwu", "taxpayer_registration", "91130500MA0000004X", Map.of("name", "tax name"), "2026-11-02 00:00:00", "b2", "f2", 1),
                record("scjg", "enterprise_registration", "91130500MA0000004X", Map.of("status", "存续"), "2026-11-03 00:00:00", "b3", "f3", 1));
        assertThat(chosen(chosen, "name").getString(0)).isEqualTo("tax name");
        assertThat(chosen(chosen, "status").getString(0)).isEqualTo("存续");
        // no value came from the authority: nothing to disagree with
        assertThat(batches(chosen)).isEmpty();
    }

    @Test
    void anOverrideNamesTheAuthorityOfEveryElement()
    {
        // a credit code starting with 5 is a social organisation: civil affairs is its authority
        Row chosen = choose(
                record("scjg", "enterprise_registration", "51130500MA0000003X", Map.of("name", "market name", "status", "存续"), "2026-11-09 00:00:00", "b1", "f1", 1),
                record("mzj", "social_organization", "51130500MA0000003X", Map.of("name", "civil affairs name"), "2026-11-01 00:00:00", "b2", "f2", 1));
        assertThat(chosen(chosen, "name").getString(0)).isEqualTo("civil affairs name");
        assertThat(chosen(chosen, "name").getInt(2)).isEqualTo(ConsolidateJob.AUTHORITY);
        assertThat(chosen(chosen, "status").getString(0)).isEqualTo("存续");
        assertThat(chosen(chosen, "status").getInt(2)).isZero();
        assertThat(chosen.<Boolean>getAs("confirmed")).isTrue();
    }

    @Test
    void theRowHashFollowsTheValuesAndTheirLineage()
    {
        String hash = choose(record("gongdian", "power_account", "91130500MA0000005X", Map.of("name", "a name"), "2026-11-01 00:00:00", "b1", "f1", 1))
                .getAs(OneSourceChoice.ROW_HASH);
        assertThat(hash).hasSize(64);
        assertThat(choose(record("gongdian", "power_account", "91130500MA0000005X", Map.of("name", "a name"), "2026-11-01 00:00:00", "b1", "f1", 1))
                .<String>getAs(OneSourceChoice.ROW_HASH)).isEqualTo(hash);
        // the same value from another line is another row: its lineage changed
        assertThat(choose(record("gongdian", "power_account", "91130500MA0000005X", Map.of("name", "a name"), "2026-11-01 00:00:00", "b1", "f1", 2))
                .<String>getAs(OneSourceChoice.ROW_HASH)).isNotEqualTo(hash);
        assertThat(choose(record("gongdian", "power_account", "91130500MA0000005X", Map.of("name", "another name"), "2026-11-01 00:00:00", "b1", "f1", 1))
                .<String>getAs(OneSourceChoice.ROW_HASH)).isNotEqualTo(hash);
        // an incremental run tells the states before and after its batch apart by a column, which the hash leaves out
        StructType withState = RECORDS.add("_after", DataTypes.BooleanType);
        List<String> group = new ArrayList<>(LEGAL_ENTITY.keyColumns());
        group.add("_after");
        OneSourceChoice both = new OneSourceChoice(LEGAL_ENTITY, withState, group, ConsolidateJob.comparisonsOf(LEGAL_ENTITY));
        for (boolean after : List.of(true, false)) {
            Row record = record("gongdian", "power_account", "91130500MA0000005X", Map.of("name", "a name"), "2026-11-01 00:00:00", "b1", "f1", 1);
            Object[] cells = new Object[withState.size()];
            for (int index = 0; index < RECORDS.size(); index++) {
                cells[index] = record.get(index);
            }
            cells[RECORDS.size()] = after;
            assertThat(external(both, both.choose(List.of(internal(withState, new GenericRowWithSchema(cells, withState))).iterator())).<String>getAs(OneSourceChoice.ROW_HASH)).isEqualTo(hash);
        }
    }

    @Test
    void theRowHashIsTheOneEarlierVersionsStored()
    {
        // base tables hold these hashes: an incremental run compares them with fresh ones, so a changed text of a value would rewrite every row once
        Row record = record("scjg", "enterprise_registration", "91130500MA0000007X",
                Map.of("name", "任泽区 Company", "registered_capital", new BigDecimal("1234.50"), "established_on", LocalDate.of(2001, 2, 3)),
                null, "b1", "f1", 7);
        Instant updated = Instant.parse("2026-11-01T08:30:00.000001Z");
        assertThat(hash(updatedAt(record, updated))).isEqualTo("b1d3fe8e6811dd45e9336fb991785c9dfd8ad7346510aafcc9956abd269d98b7");
        // a microsecond is a change; Spark holds no finer time
        assertThat(hash(updatedAt(record, updated.plusNanos(1_000)))).isNotEqualTo("b1d3fe8e6811dd45e9336fb991785c9dfd8ad7346510aafcc9956abd269d98b7");
        // before 1970, a negative decimal, a long line number (hashes of the code that read external rows)
        Row early = record("scjg", "enterprise_registration", "91130500MA0000007X",
                Map.of("name", "任泽区 Company", "registered_capital", new BigDecimal("-0.05"), "established_on", LocalDate.of(1900, 1, 1)),
                null, "b1", "f1", 1_234_567_890_123L);
        assertThat(hash(updatedAt(early, Instant.parse("1969-12-31T23:59:59.999999Z")))).isEqualTo("1a9ecb7cf42bc0978c3ff524093be65e87e67d4791b668ac05be18318be52e3a");
    }

    @Test
    void digitsCountsAsLongToStringWrites()
    {
        for (long number : new long[] {0, 9, 10, -1, -9, -10, 99, 1_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            assertThat(OneSourceChoice.digits(number)).as("digits of %s", number).isEqualTo(Long.toString(number).length());
        }
    }

    @Test
    void overSortedRecordsEachRunOfOneKeyIsOneChoice()
            throws Exception
    {
        Row first = record("scjg", "enterprise_registration", "91130500MA0000001X", Map.of("name", "first"), "2026-11-01 00:00:00", "b1", "f1", 1);
        Row second = record("shuiwu", "taxpayer_registration", "91130500MA0000001X", Map.of("name", "other"), "2026-11-02 00:00:00", "b2", "f2", 1);
        Row third = record("scjg", "enterprise_registration", "91130500MA0000002X", Map.of("name", "third"), "2026-11-01 00:00:00", "b1", "f1", 2);
        Row fourth = record("scjg", "enterprise_registration", "91130500MA0000003X", Map.of("name", "fourth"), "2026-11-01 00:00:00", "b1", "f1", 3);
        // Spark's sort hands on one row object, pointed at each record in turn: a projection does the same
        UnsafeProjection reused = UnsafeProjection.create(RECORDS);
        Function1<Object, Object> converter = CatalystTypeConverters.createToCatalystConverter(RECORDS);
        Iterator<InternalRow> sorted = List.of(first, second, third, fourth).stream().map(record -> (InternalRow) reused.apply((InternalRow) converter.apply(record))).iterator();
        List<Row> chosen = new ArrayList<>();
        CHOICE.overSortedRecords().call(sorted).forEachRemaining(row -> chosen.add(external(CHOICE, row)));
        assertThat(chosen).containsExactly(choose(first, second), choose(third), choose(fourth));
        assertThat(CHOICE.overSortedRecords().call(List.<InternalRow>of().iterator()).hasNext()).isFalse();
    }

    @Test
    void countsPerComparisonTheValuesOfOtherOwnersAndPerKeyedTableWhetherItKnowsTheSubject()
    {
        List<ConsolidateJob.Comparison> comparisons = ConsolidateJob.comparisonsOf(LEGAL_ENTITY);
        List<String> keyed = LEGAL_ENTITY.keyedSources().stream().map(source -> source.entry().table()).toList();
        // the lookup by table must serve a table compared on several elements, and one both compared and keyed
        assertThat(comparisons.stream().filter(comparison -> comparison.table().equals("taxpayer_registration")).count()).isGreaterThan(1);
        assertThat(keyed).contains("taxpayer_registration");
        List<Row> records = List.of(
                record("scjg", "enterprise_registration", "91130500MA0000009X", Map.of("name", "a", "address", "x"), "2026-11-01 00:00:00", "b1", "f1", 1),
                record("shuiwu", "taxpayer_registration", "91130500MA0000009X", Map.of("name", "b", "address", "y"), "2026-11-02 00:00:00", "b2", "f2", 1),
                record("rsj", "employer_insurance", "91130500MA0000009X", Map.of("address", "z"), "2026-11-03 00:00:00", "b3", "f3", 1));
        Row chosen = choose(records.toArray(Row[]::new));
        for (int index = 0; index < comparisons.size(); index++) {
            ConsolidateJob.Comparison comparison = comparisons.get(index);
            long expected = records.stream()
                    .filter(record -> record.getAs("_table").equals(comparison.table()) && record.getAs(comparison.column()) != null
                            && !record.getAs("_owner").equals(comparison.rule().authority()))
                    .count();
            assertThat(chosen.<Long>getAs("_compared_" + index)).as("%s.%s", comparison.table(), comparison.column()).isEqualTo(expected);
        }
        assertThat(chosen.<Long>getAs("_compared_" + comparisons.indexOf(comparisons.stream()
                .filter(comparison -> comparison.table().equals("taxpayer_registration") && comparison.column().equals("name")).findFirst().orElseThrow())))
                .isEqualTo(1);
        for (int index = 0; index < keyed.size(); index++) {
            String table = keyed.get(index);
            long expected = records.stream().anyMatch(record -> record.getAs("_table").equals(table)) ? 1 : 0;
            assertThat(chosen.<Long>getAs("_keyed_" + index)).as(table).isEqualTo(expected);
        }
    }

    @Test
    void amongEqualTimesBatchesRankByTheirBytesAsSparkOrdersText()
    {
        // U+1F600 is above U+FFFF in UTF-8 bytes (code points), below it in Java's UTF-16 order
        Row chosen = choose(
                record("gongdian", "power_account", "91130500MA0000008X", Map.of("name", "emoji batch"), "2026-11-01 00:00:00", "\uD83D\uDE00", "f1", 1),
                record("gongdian", "power_account", "91130500MA0000008X", Map.of("name", "last BMP batch"), "2026-11-01 00:00:00", "\uFFFF", "f1", 1));
        assertThat(chosen(chosen, "name").getString(0)).isEqualTo("emoji batch");
    }

    private static Row choose(Row... records)
    {
        return external(CHOICE, CHOICE.choose(Stream.of(records).map(record -> internal(RECORDS, record)).iterator()));
    }

    /** A record as Spark's sort hands it on: a binary row. */
    private static InternalRow internal(StructType schema, Row record)
    {
        return UnsafeProjection.create(schema).apply((InternalRow) CatalystTypeConverters.createToCatalystConverter(schema).apply(record)).copy();
    }

    /** A row of the choice's, in the external types its assertions read. */
    private static Row external(OneSourceChoice choice, InternalRow row)
    {
        assertThat(row.numFields()).isEqualTo(choice.output().size());
        return (Row) CatalystTypeConverters.createToScalaConverter(choice.output()).apply(row);
    }

    /** A time read back from Spark: an instant where the JVM's session set Java 8 times (a suite's earlier tests), else a timestamp. */
    private static Instant instant(Object time)
    {
        return time instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) time;
    }

    private static String hash(Row record)
    {
        return choose(record).getAs(OneSourceChoice.ROW_HASH);
    }

    /** The batches of the records passed on to the conflicts. */
    private static List<String> batches(Row chosen)
    {
        List<Row> records = chosen.getList(chosen.fieldIndex(OneSourceChoice.RECORDS));
        return records.stream().map(record -> record.getString(record.fieldIndex("_batch_id"))).toList();
    }

    /** An element's chosen value, its source's position and its priority. */
    private static Row chosen(Row row, String column)
    {
        return row.getStruct(row.fieldIndex("_chosen_" + column));
    }

    /** The lineage of an element's chosen value: department, table, batch, file, line, update time. */
    private static Row source(Row row, String column)
    {
        return row.<Row>getList(row.fieldIndex(OneSourceChoice.SOURCES)).get(chosen(row, column).getInt(1));
    }

    private static Row record(String department, String table, String uscc, Map<String, ?> values, String updatedAt, String batch, String file, long line)
    {
        Map<String, Object> cells = new HashMap<>(values);
        cells.put("uscc", uscc);
        cells.put("_dept", department);
        cells.put("_owner", department);
        cells.put("_table", table);
        cells.put("_batch_id", batch);
        cells.put("_source_file", file);
        cells.put("_source_line", line);
        cells.put("_updated_at", updatedAt == null ? null : Timestamp.valueOf(updatedAt));
        Object[] row = new Object[RECORDS.size()];
        for (int index = 0; index < row.length; index++) {
            row[index] = cells.get(RECORDS.fields()[index].name());
        }
        return new GenericRowWithSchema(row, RECORDS);
    }

    /** The same record with another update time. */
    private static Row updatedAt(Row record, Object updatedAt)
    {
        Object[] cells = new Object[record.size()];
        for (int index = 0; index < cells.length; index++) {
            cells[index] = record.get(index);
        }
        cells[RECORDS.fieldIndex("_updated_at")] = updatedAt;
        return new GenericRowWithSchema(cells, RECORDS);
    }

    /** The observations' schema, as consolidation projects raw tables onto a base. */
    private static StructType records(BasePlan plan)
    {
        List<StructField> fields = new ArrayList<>();
        for (String element : plan.rule().allElements()) {
            fields.add(DataTypes.createStructField(OneSourceRules.column(element), DataType.fromDDL(plan.types().get(element).sqlType()), true));
        }
        for (String column : List.of("_dept", "_owner", "_table", "_batch_id", "_source_file")) {
            fields.add(DataTypes.createStructField(column, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField("_source_line", DataTypes.LongType, true));
        fields.add(DataTypes.createStructField("_updated_at", DataTypes.TimestampType, true));
        return DataTypes.createStructType(fields);
    }

    private static ResourceCatalog load()
    {
        try {
            return ResourceCatalog.load(ProjectFiles.schemas());
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
