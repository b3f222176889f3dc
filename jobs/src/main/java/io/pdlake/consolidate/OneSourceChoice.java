package io.pdlake.consolidate;

import io.pdlake.catalog.OneSourceRules;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Function1;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * The one-source choice for one key (or one key in one state), in plain Java over the key's
 * records: first the newest record of each source (catalog entry: feed update time, then batch,
 * file, line), then per element the value of the newest record that ranks highest (the authority,
 * then the fallbacks in order, then anyone else; among equals the newest update, then batch, file
 * and line), with where it came from ({@link #SOURCES}); whether the authority knows the
 * subject; per comparison the values offered to compare with the authority; per keyed source
 * whether it knows the subject; every department; the newest update; and ({@link #RECORDS}) the
 * newest records that may disagree with a value the authority supplied, from which the conflicts
 * follow without a join.
 * <p>
 * Spark did this as a window (newest per source), a checkpoint, another shuffle and sort, an
 * interpreted object aggregate of {@code max_by} over structs (14 to 35 µs a record) and a join
 * for the conflicts: most of a full consolidation. A key has a handful of records, so one shuffle
 * and sort to bring them together and a loop over them is all it takes. Only the newest record
 * per source is held while a key's records stream by.
 * <p>
 * Its rows are Spark's internal rows, each value converted by its type: Spark's encoder of
 * external rows checks every value's class as it converts it, and took more of a full
 * consolidation's time than the choice itself.
 */
final class OneSourceChoice
        implements Serializable
{
    private static final long serialVersionUID = 1L;
    /** The column of newest records that may disagree with the authority (see {@link #mayDisagree}). */
    static final String RECORDS = "_records";
    /** The column of the SHA-256 of what the base row holds, hex: the same row, the same hash. */
    static final String ROW_HASH = "_row_hash";
    /**
     * The column of the chosen values' sources, each a base row's lineage value (see
     * {@link #LINEAGE}): a record's once, however many values it supplied, instead of its six
     * fields once per value, so the kept result that the base rows, conflicts and counts read is
     * smaller.
     */
    static final String SOURCES = "_sources";
    /** A source's fields, as the base tables' lineage map holds them. */
    static final StructType LINEAGE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("department", DataTypes.StringType, true),
            DataTypes.createStructField("table_name", DataTypes.StringType, true),
            DataTypes.createStructField("batch_id", DataTypes.StringType, true),
            DataTypes.createStructField("source_file", DataTypes.StringType, true),
            DataTypes.createStructField("source_line", DataTypes.LongType, true),
            DataTypes.createStructField("updated_at", DataTypes.TimestampType, true)));

    /** One element to choose: its column in the records, and who ranks first for it. */
    private record Element(int column, String authority, List<String> fallback)
            implements Serializable
    {
        Element
        {
            requireNonNull(authority, "authority is null");
            fallback = List.copyOf(requireNonNull(fallback, "fallback is null"));
        }
    }

    /** A key prefix giving the subject another authority (see one-source.yaml's overrides). */
    private record ScopeOverride(int column, String prefix, String authority)
            implements Serializable
    {
        ScopeOverride
        {
            requireNonNull(prefix, "prefix is null");
            requireNonNull(authority, "authority is null");
        }
    }

    /** One table's values of an element (its position in {@link #elements}) that may be compared with the authority's. */
    private record Compared(String table, int element)
            implements Serializable
    {
        Compared
        {
            requireNonNull(table, "table is null");
        }
    }

    private final int[] group;
    private final int[] keyColumns;
    private final List<Element> elements;
    private final List<ScopeOverride> overrides;
    private final String baseAuthority;
    private final List<Compared> comparisons;
    private final List<String> keyedTables;
    /** Per table that can disagree with the authority, the positions in {@link #elements} of the elements it may disagree on. */
    private final Map<String, int[]> comparedElements;
    private final int department;
    private final int owner;
    private final int table;
    private final int batch;
    private final int file;
    private final int line;
    private final int updatedAt;
    /** The records' columns a value's lineage holds, in the order of {@link #LINEAGE}. */
    private final int[] lineage;
    private final StructType recordsSchema;
    private final StructType output;
    /** Per column of the records, its values from Java's types to Spark's internal ones; built per task, as the digest. */
    private transient Function1<Object, Object>[] converters;
    /** Per task: a function is deserialized for each task, which runs in one thread. */
    private transient MessageDigest digest;
    /** What a row's hash covers, gathered for one digest update: byte by byte, the updates cost more than the hashing. */
    private transient byte[] hashed;
    private transient int hashedLength;

    OneSourceChoice(BasePlan plan, StructType records, List<String> group, List<ConsolidateJob.Comparison> comparisons)
    {
        requireNonNull(plan, "plan is null");
        this.recordsSchema = requireNonNull(records, "records is null");
        this.group = group.stream().mapToInt(records::fieldIndex).toArray();
        this.keyColumns = plan.keyColumns().stream().mapToInt(records::fieldIndex).toArray();
        this.elements = plan.rule().elements().stream()
                .map(rule -> new Element(records.fieldIndex(OneSourceRules.column(rule.element())), rule.authority(), rule.fallback()))
                .toList();
        this.overrides = plan.rule().overrides().stream()
                .map(override -> new ScopeOverride(records.fieldIndex(OneSourceRules.column(override.element())), override.prefix(), override.authority()))
                .toList();
        this.baseAuthority = plan.rule().authority();
        // a comparison's element rule is the element's own: its column and authority come from there
        List<String> elementColumns = plan.elementColumns();
        this.comparisons = comparisons.stream().map(comparison -> new Compared(comparison.table(), elementColumns.indexOf(comparison.column()))).toList();
        this.keyedTables = plan.keyedSources().stream().map(source -> source.entry().table()).toList();
        Map<String, int[]> compared = new HashMap<>();
        for (Compared comparison : this.comparisons) {
            compared.merge(comparison.table(), new int[] {comparison.element()}, (held, more) -> IntStream.concat(IntStream.of(held), IntStream.of(more)).toArray());
        }
        this.comparedElements = Map.copyOf(compared);
        this.department = records.fieldIndex("_dept");
        this.owner = records.fieldIndex("_owner");
        this.table = records.fieldIndex("_table");
        this.batch = records.fieldIndex("_batch_id");
        this.file = records.fieldIndex("_source_file");
        this.line = records.fieldIndex("_source_line");
        this.updatedAt = records.fieldIndex("_updated_at");
        this.lineage = new int[] {department, table, batch, file, line, updatedAt};

        List<StructField> fields = new ArrayList<>();
        for (int index : this.group) {
            fields.add(records.fields()[index]);
        }
        for (OneSourceRules.ElementRule rule : plan.rule().elements()) {
            String column = OneSourceRules.column(rule.element());
            DataType type = records.apply(column).dataType();
            // the value, and where it came from as a position in the sources: a record's lineage once, not once per value it supplied
            fields.add(DataTypes.createStructField("_chosen_" + column, DataTypes.createStructType(List.of(
                    DataTypes.createStructField("value", type, true),
                    DataTypes.createStructField("source", DataTypes.IntegerType, true),
                    DataTypes.createStructField("priority", DataTypes.IntegerType, true))), true));
        }
        fields.add(DataTypes.createStructField(SOURCES, DataTypes.createArrayType(LINEAGE, false), false));
        fields.add(DataTypes.createStructField("confirmed", DataTypes.BooleanType, false));
        for (int index = 0; index < comparisons.size(); index++) {
            fields.add(DataTypes.createStructField("_compared_" + index, DataTypes.LongType, false));
        }
        for (int index = 0; index < keyedTables.size(); index++) {
            fields.add(DataTypes.createStructField("_keyed_" + index, DataTypes.LongType, false));
        }
        fields.add(DataTypes.createStructField("source_departments", DataTypes.createArrayType(DataTypes.StringType, false), false));
        fields.add(DataTypes.createStructField("updated_at", DataTypes.TimestampType, true));
        fields.add(DataTypes.createStructField(RECORDS, DataTypes.createArrayType(records, false), false));
        fields.add(DataTypes.createStructField(ROW_HASH, DataTypes.StringType, false));
        this.output = DataTypes.createStructType(fields);
    }

    /** The schema of what {@link #choose} returns; to Spark, {@code createDataFrame}'s internal counterpart. */
    StructType output()
    {
        return output;
    }

    /**
     * This choice over a partition of records sorted by the group's columns: one row per group,
     * from its adjacent records, in the order the groups come.
     */
    FlatMapFunction<Iterator<Row>, InternalRow> overSortedRecords()
    {
        return new SortedRecords(this);
    }

    private record SortedRecords(OneSourceChoice choice)
            implements FlatMapFunction<Iterator<Row>, InternalRow>
    {
        @Override
        public Iterator<InternalRow> call(Iterator<Row> records)
        {
            return new Iterator<>()
            {
                private Row next = records.hasNext() ? records.next() : null;

                @Override
                public boolean hasNext()
                {
                    return next != null;
                }

                @Override
                public InternalRow next()
                {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    // a key's records are a handful: held while its choice is made
                    List<Row> group = new ArrayList<>();
                    Row first = next;
                    group.add(first);
                    next = null;
                    while (records.hasNext()) {
                        Row record = records.next();
                        if (!choice.sameGroup(first, record)) {
                            next = record;
                            break;
                        }
                        group.add(record);
                    }
                    return choice.choose(group.iterator());
                }
            };
        }
    }

    private boolean sameGroup(Row left, Row right)
    {
        for (int index : group) {
            if (!Objects.equals(left.get(index), right.get(index))) {
                return false;
            }
        }
        return true;
    }

    /** The choice for one group, from its records in any order, as a row of {@link #output}. */
    InternalRow choose(Iterator<Row> iterator)
    {
        if (converters == null) {
            converters = converters(recordsSchema);
        }
        // the newest record of each source, by table name: the same records in the same order whatever the order they come in
        TreeMap<String, Row> newest = new TreeMap<>();
        iterator.forEachRemaining(record -> newest.merge(record.getString(table), record, (held, next) -> compareRecency(next, held) > 0 ? next : held));
        List<Row> records = List.copyOf(newest.values());
        Row first = records.get(0);
        Object[] values = new Object[output.size()];
        int at = 0;
        for (int index : group) {
            values[at++] = internal(first, index);
        }
        // an override names the authority of every element of the subject
        String override = override(first);
        String authority = override == null ? baseAuthority : override;
        // per element the record that supplied its value and how it ranks; null where nobody did
        Row[] chosen = new Row[elements.size()];
        int[] priorities = new int[elements.size()];
        // the chosen records' lineage, each once, in the order first chosen; per record its position there
        List<InternalRow> sources = new ArrayList<>();
        int[] sourceOf = new int[records.size()];
        Arrays.fill(sourceOf, -1);
        for (int position = 0; position < elements.size(); position++) {
            Element element = elements.get(position);
            String owner = override == null ? element.authority() : override;
            Row best = null;
            int bestIndex = -1;
            int bestPriority = 0;
            for (int index = 0; index < records.size(); index++) {
                Row record = records.get(index);
                if (record.isNullAt(element.column())) {
                    continue;
                }
                int priority = priority(owner, element.fallback(), record);
                if (best == null || compare(priority, record, bestPriority, best) > 0) {
                    best = record;
                    bestIndex = index;
                    bestPriority = priority;
                }
            }
            chosen[position] = best;
            priorities[position] = bestPriority;
            if (best == null) {
                values[at++] = null;
                continue;
            }
            if (sourceOf[bestIndex] < 0) {
                sourceOf[bestIndex] = sources.size();
                Object[] source = new Object[lineage.length];
                for (int field = 0; field < lineage.length; field++) {
                    source[field] = internal(best, lineage[field]);
                }
                sources.add(new GenericInternalRow(source));
            }
            values[at++] = new GenericInternalRow(new Object[] {internal(best, element.column()), sourceOf[bestIndex], bestPriority});
        }
        values[at++] = new GenericArrayData(sources.toArray());
        boolean confirmed = false;
        for (Row record : records) {
            confirmed |= authority.equals(record.get(owner));
        }
        values[at++] = confirmed;
        for (Compared comparison : comparisons) {
            Element element = elements.get(comparison.element());
            String comparedAuthority = override == null ? element.authority() : override;
            long count = 0;
            for (Row record : records) {
                Object recordOwner = record.get(owner);
                if (comparison.table().equals(record.get(table)) && !record.isNullAt(element.column()) && recordOwner != null && !comparedAuthority.equals(recordOwner)) {
                    count++;
                }
            }
            values[at++] = count;
        }
        for (String keyed : keyedTables) {
            long known = 0;
            for (Row record : records) {
                if (keyed.equals(record.get(table))) {
                    known = 1;
                }
            }
            values[at++] = known;
        }
        // Spark orders strings by their UTF-8 bytes, which is code point order
        TreeSet<String> departments = new TreeSet<>(OneSourceChoice::compareCodePoints);
        Object newestUpdate = null;
        for (Row record : records) {
            if (!record.isNullAt(department)) {
                departments.add(record.getString(department));
            }
            Object updated = record.get(updatedAt);
            if (updated != null && (newestUpdate == null || compareValues(updated, newestUpdate) > 0)) {
                newestUpdate = updated;
            }
        }
        values[at++] = new GenericArrayData(departments.stream().map(UTF8String::fromString).toArray());
        values[at++] = converters[updatedAt].apply(newestUpdate);
        values[at++] = new GenericArrayData(records.stream().filter(record -> mayDisagree(record, chosen, priorities)).map(this::internal).toArray());
        values[at] = UTF8String.fromString(rowHash(first, chosen, confirmed, departments, newestUpdate));
        return new GenericInternalRow(values);
    }

    /** A record's value in Spark's internal form. */
    private Object internal(Row record, int column)
    {
        return converters[column].apply(record.get(column));
    }

    /** A whole record in Spark's internal form. */
    private InternalRow internal(Row record)
    {
        Object[] values = new Object[record.size()];
        for (int column = 0; column < values.length; column++) {
            values[column] = internal(record, column);
        }
        return new GenericInternalRow(values);
    }

    @SuppressWarnings("unchecked")
    private static Function1<Object, Object>[] converters(StructType records)
    {
        Function1<Object, Object>[] converters = new Function1[records.size()];
        for (int column = 0; column < converters.length; column++) {
            converters[column] = CatalystTypeConverters.createToCatalystConverter(records.fields()[column].dataType());
        }
        return converters;
    }

    /**
     * The SHA-256 of what the base row holds: key, each element's value and lineage (department,
     * table, batch, file, line, update time), confirmed, departments, newest update. The state
     * column of an incremental run is not in it, so the rows before and after a batch compare
     * equal where nothing changed. Each value is length-prefixed text; times as epoch instants,
     * so executors in other time zones agree.
     */
    private String rowHash(Row first, Row[] chosen, boolean confirmed, TreeSet<String> departments, Object newestUpdate)
    {
        if (digest == null) {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            }
            catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
            hashed = new byte[1024];
        }
        hashedLength = 0;
        for (int index : keyColumns) {
            put(first.get(index));
        }
        for (int position = 0; position < chosen.length; position++) {
            Row record = chosen[position];
            if (record == null) {
                putByte(0);
                continue;
            }
            putByte(1);
            put(record.get(elements.get(position).column()));
            for (int field : lineage) {
                put(record.get(field));
            }
        }
        put(confirmed);
        put(String.join("\u0000", departments));
        put(newestUpdate);
        digest.update(hashed, 0, hashedLength);
        return HexFormat.of().formatHex(digest.digest());
    }

    private void put(Object value)
    {
        if (value == null) {
            putByte(0);
            return;
        }
        String text;
        if (value instanceof Instant instant) {
            // epoch milliseconds and the nanosecond, as for a java.sql.Timestamp: ISO text took longer to format than the row to hash
            text = instant.toEpochMilli() + "." + instant.getNano();
        }
        else if (value instanceof java.sql.Timestamp timestamp) {
            text = timestamp.getTime() + "." + timestamp.getNanos();
        }
        else if (value instanceof java.sql.Date date) {
            text = date.toLocalDate().toString();
        }
        else {
            text = String.valueOf(value);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        putByte(1);
        putByte(bytes.length >>> 24);
        putByte(bytes.length >>> 16);
        putByte(bytes.length >>> 8);
        putByte(bytes.length);
        ensureRoom(bytes.length);
        System.arraycopy(bytes, 0, hashed, hashedLength, bytes.length);
        hashedLength += bytes.length;
    }

    private void putByte(int value)
    {
        ensureRoom(1);
        hashed[hashedLength++] = (byte) value;
    }

    private void ensureRoom(int bytes)
    {
        if (hashedLength + bytes > hashed.length) {
            hashed = Arrays.copyOf(hashed, Math.max(hashed.length * 2, hashedLength + bytes));
        }
    }

    /**
     * Whether a newest record may disagree with a value the authority supplied: on an element its
     * table is compared on, with a value where the authority's chosen one differs and from another
     * owner. The conflicts themselves are decided in Spark, on values cast to text; values Java
     * finds equal are equal as text too (a column's decimals share one scale), so only records that
     * cannot disagree are left out, which for most subjects is all of them.
     */
    private boolean mayDisagree(Row record, Row[] chosen, int[] priorities)
    {
        int[] positions = comparedElements.get(record.getString(table));
        if (positions == null) {
            return false;
        }
        Object recordOwner = record.get(owner);
        for (int position : positions) {
            Row authoritative = chosen[position];
            int column = elements.get(position).column();
            Object value = record.get(column);
            if (authoritative != null && priorities[position] == ConsolidateJob.AUTHORITY && value != null && !value.equals(authoritative.get(column))
                    && !Objects.equals(recordOwner, authoritative.get(owner))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The authority an override gives this subject, where its key starts with the override's
     * prefix; else null. Overrides test key elements only, so every record of a key gives the same answer.
     */
    private String override(Row record)
    {
        for (ScopeOverride override : overrides) {
            Object value = record.get(override.column());
            if (value != null && String.valueOf(value).startsWith(override.prefix())) {
                return override.authority();
            }
        }
        return null;
    }

    /** How much a record's value counts: the authority most, then fallbacks in order (by owner or department), then everyone else. */
    private int priority(String authority, List<String> fallback, Row record)
    {
        Object recordOwner = record.get(owner);
        if (authority.equals(recordOwner)) {
            return ConsolidateJob.AUTHORITY;
        }
        Object recordDepartment = record.get(department);
        for (int index = 0; index < fallback.size(); index++) {
            if (fallback.get(index).equals(recordOwner) || fallback.get(index).equals(recordDepartment)) {
                return ConsolidateJob.AUTHORITY - 1 - index;
            }
        }
        return 0;
    }

    /** Priority, then recency; a missing value ranks below any other, as in Spark's ordering of structs. */
    private int compare(int leftPriority, Row left, int rightPriority, Row right)
    {
        int order = Integer.compare(leftPriority, rightPriority);
        return order != 0 ? order : compareRecency(left, right);
    }

    /** Update time, then batch, file and line; a missing value ranks below any other. */
    private int compareRecency(Row left, Row right)
    {
        int order = compareNullsFirst(left.get(updatedAt), right.get(updatedAt));
        order = order != 0 ? order : compareNullsFirst(left.get(batch), right.get(batch));
        order = order != 0 ? order : compareNullsFirst(left.get(file), right.get(file));
        return order != 0 ? order : compareNullsFirst(left.get(line), right.get(line));
    }

    private static int compareNullsFirst(Object left, Object right)
    {
        if (left == null || right == null) {
            return left == null ? (right == null ? 0 : -1) : 1;
        }
        return compareValues(left, right);
    }

    @SuppressWarnings("unchecked")
    private static int compareValues(Object left, Object right)
    {
        if (left instanceof String leftText && right instanceof String rightText) {
            return compareCodePoints(leftText, rightText);
        }
        return ((Comparable<Object>) left).compareTo(right);
    }

    /** Code point order, which is the order of UTF-8 bytes, Spark's order of strings. */
    static int compareCodePoints(String left, String right)
    {
        int length = Math.min(left.length(), right.length());
        for (int index = 0; index < length; index++) {
            char leftChar = left.charAt(index);
            char rightChar = right.charAt(index);
            if (leftChar != rightChar) {
                // UTF-16 puts surrogates (code points above U+FFFF) below U+E000..U+FFFF
                boolean leftSurrogate = Character.isSurrogate(leftChar);
                if (leftSurrogate != Character.isSurrogate(rightChar)) {
                    return leftSurrogate ? 1 : -1;
                }
                return Character.compare(leftChar, rightChar);
            }
        }
        return Integer.compare(left.length(), right.length());
    }
}
