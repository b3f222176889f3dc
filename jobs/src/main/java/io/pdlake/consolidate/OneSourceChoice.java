package io.pdlake.consolidate;

import io.pdlake.catalog.OneSourceRules;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static java.lang.String.format;
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
 * It reads and writes Spark's internal rows: the records as the sort hands them on (binary rows,
 * copied where held, as the sort reuses one), values as Spark holds them (text as UTF-8 bytes,
 * times as microseconds, dates as days). Spark's encoders between internal and external rows
 * (a deserializer of every record, then a serializer that checks each value's class) took more
 * of a full consolidation's time than the choice itself.
 */
final class OneSourceChoice
        implements Serializable
{
    private static final long serialVersionUID = 1L;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** A boolean's text in the row hash, as {@code String.valueOf} writes it. */
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
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

    /** One element to choose: its column in the records, and who ranks first for it (owners and departments as UTF-8, as the records hold them). */
    private record Element(int column, UTF8String authority, List<UTF8String> fallback)
            implements Serializable
    {
        Element
        {
            requireNonNull(authority, "authority is null");
            fallback = List.copyOf(requireNonNull(fallback, "fallback is null"));
        }
    }

    /** A key prefix giving the subject another authority (see one-source.yaml's overrides). */
    private record ScopeOverride(int column, String prefix, UTF8String authority)
            implements Serializable
    {
        ScopeOverride
        {
            requireNonNull(prefix, "prefix is null");
            requireNonNull(authority, "authority is null");
        }
    }

    /** One table's values of an element (its position in {@link #elements}) that may be compared with the authority's. */
    private record Compared(UTF8String table, int element)
            implements Serializable
    {
        Compared
        {
            requireNonNull(table, "table is null");
        }
    }

    /**
     * A table's comparisons (positions in {@link #comparisons}) and its positions in {@link
     * #keyedTables}. Arrays, read in the choice's innermost loop, so a class and not a record: it is
     * never compared, and nothing writes the arrays after it is built.
     */
    private static final class SourceTable
            implements Serializable
    {
        private static final long serialVersionUID = 1L;
        private final int[] comparisons;
        private final int[] keyed;

        SourceTable(int[] comparisons, int[] keyed)
        {
            this.comparisons = requireNonNull(comparisons, "comparisons is null").clone();
            this.keyed = requireNonNull(keyed, "keyed is null").clone();
        }

        SourceTable and(SourceTable other)
        {
            return new SourceTable(IntStream.concat(IntStream.of(comparisons), IntStream.of(other.comparisons)).toArray(),
                    IntStream.concat(IntStream.of(keyed), IntStream.of(other.keyed)).toArray());
        }
    }

    private final int[] group;
    private final int[] keyColumns;
    private final List<Element> elements;
    private final List<ScopeOverride> overrides;
    private final UTF8String baseAuthority;
    private final List<Compared> comparisons;
    private final List<UTF8String> keyedTables;
    /** Per table compared or keyed, its comparisons and keyed positions: one lookup a record instead of a loop over all of them. */
    private final Map<UTF8String, SourceTable> sourceTables;
    private final int department;
    private final int owner;
    private final int table;
    private final int batch;
    private final int file;
    private final int line;
    private final int updatedAt;
    /** The records' columns a value's lineage holds, in the order of {@link #LINEAGE}. */
    private final int[] lineage;
    /** Per column of the records, its type: an internal row's values are read by type. */
    private final DataType[] types;
    private final StructType output;
    /** Per task: a function is deserialized for each task, which runs in one thread. */
    private transient MessageDigest digest;
    /** What a row's hash covers, gathered for one digest update: byte by byte, the updates cost more than the hashing. */
    private transient byte[] hashed;
    private transient int hashedLength;

    OneSourceChoice(BasePlan plan, StructType records, List<String> group, List<ConsolidateJob.Comparison> comparisons)
    {
        requireNonNull(plan, "plan is null");
        requireNonNull(records, "records is null");
        this.group = group.stream().mapToInt(records::fieldIndex).toArray();
        this.keyColumns = plan.keyColumns().stream().mapToInt(records::fieldIndex).toArray();
        this.elements = plan.rule().elements().stream()
                .map(rule -> new Element(records.fieldIndex(OneSourceRules.column(rule.element())), UTF8String.fromString(rule.authority()),
                        rule.fallback().stream().map(UTF8String::fromString).toList()))
                .toList();
        this.overrides = plan.rule().overrides().stream()
                .map(override -> new ScopeOverride(records.fieldIndex(OneSourceRules.column(override.element())), override.prefix(), UTF8String.fromString(override.authority())))
                .toList();
        this.baseAuthority = UTF8String.fromString(plan.rule().authority());
        // a comparison's element rule is the element's own: its column and authority come from there
        List<String> elementColumns = plan.elementColumns();
        this.comparisons = comparisons.stream().map(comparison -> new Compared(UTF8String.fromString(comparison.table()), elementColumns.indexOf(comparison.column()))).toList();
        this.keyedTables = plan.keyedSources().stream().map(source -> UTF8String.fromString(source.entry().table())).toList();
        Map<UTF8String, SourceTable> tables = new HashMap<>();
        for (int index = 0; index < this.comparisons.size(); index++) {
            tables.merge(this.comparisons.get(index).table(), new SourceTable(new int[] {index}, new int[0]), SourceTable::and);
        }
        for (int index = 0; index < keyedTables.size(); index++) {
            tables.merge(keyedTables.get(index), new SourceTable(new int[0], new int[] {index}), SourceTable::and);
        }
        this.sourceTables = Map.copyOf(tables);
        this.department = records.fieldIndex("_dept");
        this.owner = records.fieldIndex("_owner");
        this.table = records.fieldIndex("_table");
        this.batch = records.fieldIndex("_batch_id");
        this.file = records.fieldIndex("_source_file");
        this.line = records.fieldIndex("_source_line");
        this.updatedAt = records.fieldIndex("_updated_at");
        this.lineage = new int[] {department, table, batch, file, line, updatedAt};
        this.types = Arrays.stream(records.fields()).map(StructField::dataType).toArray(DataType[]::new);
        for (int column : new int[] {department, owner, table, batch, file}) {
            checkType(records, column, DataTypes.StringType);
        }
        checkType(records, line, DataTypes.LongType);
        checkType(records, updatedAt, DataTypes.TimestampType);

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

    private static void checkType(StructType records, int column, DataType expected)
    {
        StructField field = records.fields()[column];
        if (!field.dataType().equals(expected)) {
            throw new IllegalArgumentException(format("Cannot choose over records whose column %s is %s, not %s", field.name(), field.dataType().sql(), expected.sql()));
        }
    }

    /** The schema of the internal rows {@link #choose} returns, for a DataFrame over them. */
    StructType output()
    {
        return output;
    }

    /**
     * This choice over a partition of records sorted by the group's columns: one row per group,
     * from its adjacent records, in the order the groups come. The records may be one row object
     * reused (as Spark's sort hands them on): those held are copied.
     */
    FlatMapFunction<Iterator<InternalRow>, InternalRow> overSortedRecords()
    {
        return new SortedRecords(this);
    }

    private record SortedRecords(OneSourceChoice choice)
            implements FlatMapFunction<Iterator<InternalRow>, InternalRow>
    {
        @Override
        public Iterator<InternalRow> call(Iterator<InternalRow> records)
        {
            return new Iterator<>()
            {
                private InternalRow next = records.hasNext() ? records.next().copy() : null;

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
                    List<InternalRow> group = new ArrayList<>();
                    InternalRow first = next;
                    group.add(first);
                    next = null;
                    while (records.hasNext()) {
                        InternalRow record = records.next().copy();
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

    private boolean sameGroup(InternalRow left, InternalRow right)
    {
        for (int index : group) {
            if (!Objects.equals(value(left, index), value(right, index))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A record's value as Spark holds it, or null. By its type's own getter: {@code get(column, type)}
     * looks up the type's physical form on every call.
     */
    private Object value(InternalRow record, int column)
    {
        if (record.isNullAt(column)) {
            return null;
        }
        DataType type = types[column];
        if (type instanceof StringType) {
            return record.getUTF8String(column);
        }
        if (type instanceof TimestampType || type instanceof LongType) {
            return record.getLong(column);
        }
        if (type instanceof DateType) {
            return record.getInt(column);
        }
        if (type instanceof DecimalType decimal) {
            return record.getDecimal(column, decimal.precision(), decimal.scale());
        }
        if (type instanceof BooleanType) {
            return record.getBoolean(column);
        }
        return record.get(column, type);
    }

    /** The choice for one group, from its records in any order (each its own row object), as a row of {@link #output}. */
    InternalRow choose(Iterator<InternalRow> iterator)
    {
        // the newest record of each source, by table name: the same records in the same order whatever the order they come in
        // binaryCompare, not compareTo: Spark's compareTo asks the environment whether it is testing, each call
        TreeMap<UTF8String, InternalRow> newest = new TreeMap<>(UTF8String::binaryCompare);
        iterator.forEachRemaining(record -> newest.merge(record.getUTF8String(table), record, (held, next) -> compareRecency(next, held) > 0 ? next : held));
        List<InternalRow> records = List.copyOf(newest.values());
        InternalRow first = records.get(0);
        // each record's owner, department and table read once: a read of text makes an object
        UTF8String[] owners = new UTF8String[records.size()];
        UTF8String[] recordDepartments = new UTF8String[records.size()];
        SourceTable[] recordTables = new SourceTable[records.size()];
        for (int index = 0; index < records.size(); index++) {
            InternalRow record = records.get(index);
            owners[index] = record.getUTF8String(owner);
            recordDepartments[index] = record.getUTF8String(department);
            recordTables[index] = sourceTables.get(record.getUTF8String(table));
        }
        Object[] values = new Object[output.size()];
        int at = 0;
        for (int index : group) {
            values[at++] = value(first, index);
        }
        // an override names the authority of every element of the subject
        UTF8String override = override(first);
        UTF8String authority = override == null ? baseAuthority : override;
        // per element the record that supplied its value and how it ranks; null where nobody did
        InternalRow[] chosen = new InternalRow[elements.size()];
        int[] priorities = new int[elements.size()];
        // the chosen records' lineage, each once, in the order first chosen; per record its position there
        List<InternalRow> sources = new ArrayList<>();
        int[] sourceOf = new int[records.size()];
        Arrays.fill(sourceOf, -1);
        for (int position = 0; position < elements.size(); position++) {
            Element element = elements.get(position);
            UTF8String elementAuthority = override == null ? element.authority() : override;
            InternalRow best = null;
            int bestIndex = -1;
            int bestPriority = 0;
            for (int index = 0; index < records.size(); index++) {
                InternalRow record = records.get(index);
                if (record.isNullAt(element.column())) {
                    continue;
                }
                int priority = priority(elementAuthority, element.fallback(), owners[index], recordDepartments[index]);
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
                    source[field] = value(best, lineage[field]);
                }
                sources.add(new GenericInternalRow(source));
            }
            values[at++] = new GenericInternalRow(new Object[] {value(best, element.column()), sourceOf[bestIndex], bestPriority});
        }
        values[at++] = new GenericArrayData(sources.toArray());
        boolean confirmed = false;
        for (UTF8String recordOwner : owners) {
            confirmed |= authority.equals(recordOwner);
        }
        values[at++] = confirmed;
        // per comparison the records of its table with a value from another owner than the element's authority; per keyed table whether it has a record
        long[] compared = new long[comparisons.size()];
        long[] known = new long[keyedTables.size()];
        for (int index = 0; index < records.size(); index++) {
            SourceTable recordTable = recordTables[index];
            if (recordTable == null) {
                continue;
            }
            UTF8String recordOwner = owners[index];
            for (int comparison : recordTable.comparisons) {
                Element element = elements.get(comparisons.get(comparison).element());
                UTF8String comparedAuthority = override == null ? element.authority() : override;
                if (!records.get(index).isNullAt(element.column()) && recordOwner != null && !comparedAuthority.equals(recordOwner)) {
                    compared[comparison]++;
                }
            }
            for (int keyed : recordTable.keyed) {
                known[keyed] = 1;
            }
        }
        for (long count : compared) {
            values[at++] = count;
        }
        for (long keyed : known) {
            values[at++] = keyed;
        }
        // by bytes, as Spark orders strings
        TreeSet<UTF8String> departments = new TreeSet<>(UTF8String::binaryCompare);
        Long newestUpdate = null;
        for (int index = 0; index < records.size(); index++) {
            InternalRow record = records.get(index);
            if (recordDepartments[index] != null) {
                departments.add(recordDepartments[index]);
            }
            if (!record.isNullAt(updatedAt) && (newestUpdate == null || record.getLong(updatedAt) > newestUpdate)) {
                newestUpdate = record.getLong(updatedAt);
            }
        }
        values[at++] = new GenericArrayData(departments.toArray());
        values[at++] = newestUpdate;
        List<InternalRow> disagreeing = new ArrayList<>();
        for (int index = 0; index < records.size(); index++) {
            if (mayDisagree(records.get(index), recordTables[index], owners[index], chosen, priorities)) {
                disagreeing.add(records.get(index));
            }
        }
        values[at++] = new GenericArrayData(disagreeing.toArray());
        values[at] = rowHash(first, chosen, confirmed, departments, newestUpdate);
        return new GenericInternalRow(values);
    }

    /**
     * The SHA-256 of what the base row holds: key, each element's value and lineage (department,
     * table, batch, file, line, update time), confirmed, departments, newest update. The state
     * column of an incremental run is not in it, so the rows before and after a batch compare
     * equal where nothing changed. Each value is length-prefixed text, as Java writes the value
     * Spark gives back (see {@link #put}); times as epoch instants, so executors in other time
     * zones agree.
     */
    private UTF8String rowHash(InternalRow first, InternalRow[] chosen, boolean confirmed, TreeSet<UTF8String> departments, Long newestUpdate)
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
            put(first, index);
        }
        for (int position = 0; position < chosen.length; position++) {
            InternalRow record = chosen[position];
            if (record == null) {
                putByte(0);
                continue;
            }
            putByte(1);
            put(record, elements.get(position).column());
            for (int field : lineage) {
                put(record, field);
            }
        }
        putText(confirmed ? TRUE : FALSE);
        // the departments joined by U+0000, a zero byte in UTF-8
        int joined = Math.max(0, departments.size() - 1);
        for (UTF8String name : departments) {
            joined += name.numBytes();
        }
        putLength(joined);
        boolean later = false;
        for (UTF8String name : departments) {
            if (later) {
                hashed[hashedLength++] = 0;
            }
            putBytes(name);
            later = true;
        }
        if (newestUpdate == null) {
            putByte(0);
        }
        else {
            putTime(newestUpdate);
        }
        digest.update(hashed, 0, hashedLength);
        byte[] sum = digest.digest();
        byte[] hex = new byte[sum.length * 2];
        for (int index = 0; index < sum.length; index++) {
            hex[2 * index] = HEX_DIGITS[(sum[index] >> 4) & 0xF];
            hex[2 * index + 1] = HEX_DIGITS[sum[index] & 0xF];
        }
        return UTF8String.fromBytes(hex);
    }

    /**
     * A record's value as the text of the external value Spark would give for it, which is what
     * earlier versions hashed: text as is, a time as epoch milliseconds and nanosecond of the
     * second (as {@code java.time.Instant} and {@code java.sql.Timestamp} give them), a date in
     * ISO form, a decimal in {@code BigDecimal}'s form at the column's scale, anything else as Java writes it.
     */
    private void put(InternalRow record, int column)
    {
        if (record.isNullAt(column)) {
            putByte(0);
            return;
        }
        DataType type = types[column];
        if (type instanceof StringType) {
            UTF8String text = record.getUTF8String(column);
            putLength(text.numBytes());
            putBytes(text);
        }
        else if (type instanceof TimestampType) {
            putTime(record.getLong(column));
        }
        else if (type instanceof LongType) {
            long number = record.getLong(column);
            putLength(digits(number));
            putDigits(number);
        }
        else if (type instanceof BooleanType) {
            putText(record.getBoolean(column) ? TRUE : FALSE);
        }
        else if (type instanceof DateType) {
            putText(LocalDate.ofEpochDay(record.getInt(column)).toString().getBytes(StandardCharsets.UTF_8));
        }
        else if (type instanceof DecimalType decimal) {
            Decimal value = record.getDecimal(column, decimal.precision(), decimal.scale());
            putText(value.toJavaBigDecimal().toString().getBytes(StandardCharsets.UTF_8));
        }
        else {
            putText(externalText(record, column).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The text of the external value Spark gives for a value that is not null; slow, for types the hot paths do not meet. */
    private String externalText(InternalRow record, int column)
    {
        DataType type = types[column];
        return String.valueOf(CatalystTypeConverters.convertToScala(record.get(column, type), type));
    }

    /** A time in microseconds since the epoch, as {@code Instant.toEpochMilli() + "." + Instant.getNano()}. */
    private void putTime(long micros)
    {
        long millis = Math.floorDiv(micros, 1_000L);
        long nanos = Math.floorMod(micros, 1_000_000L) * 1_000L;
        putLength(digits(millis) + 1 + digits(nanos));
        putDigits(millis);
        hashed[hashedLength++] = '.';
        putDigits(nanos);
    }

    /** The length of a number's decimal text, as {@code Long.toString} writes it. */
    static int digits(long number)
    {
        if (number == Long.MIN_VALUE) {
            return 20;
        }
        int length = number < 0 ? 2 : 1;
        for (long rest = Math.abs(number); rest >= 10; rest /= 10) {
            length++;
        }
        return length;
    }

    /** A number's decimal text, as {@code Long.toString} writes it, into room already made: without the string. */
    private void putDigits(long number)
    {
        if (number == Long.MIN_VALUE) {
            byte[] text = Long.toString(number).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, hashed, hashedLength, text.length);
            hashedLength += text.length;
            return;
        }
        int end = hashedLength + digits(number);
        int at = end;
        long rest = Math.abs(number);
        do {
            hashed[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        while (rest != 0);
        if (number < 0) {
            hashed[--at] = '-';
        }
        hashedLength = end;
    }

    /** Text's bytes as they are, where room for them has been made (see {@link #putLength}). */
    private void putBytes(UTF8String text)
    {
        text.writeToMemory(hashed, Platform.BYTE_ARRAY_OFFSET + hashedLength);
        hashedLength += text.numBytes();
    }

    private void putText(byte[] bytes)
    {
        putLength(bytes.length);
        System.arraycopy(bytes, 0, hashed, hashedLength, bytes.length);
        hashedLength += bytes.length;
    }

    /** A present value's marker and its length in bytes, with room made for the bytes that follow. */
    private void putLength(int length)
    {
        ensureRoom(5 + length);
        hashed[hashedLength++] = 1;
        hashed[hashedLength++] = (byte) (length >>> 24);
        hashed[hashedLength++] = (byte) (length >>> 16);
        hashed[hashedLength++] = (byte) (length >>> 8);
        hashed[hashedLength++] = (byte) length;
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
     * owner. The conflicts themselves are decided in Spark, on values cast to text; values equal as
     * Spark holds them are equal as text too (a column's decimals share one scale), so only records
     * that cannot disagree are left out, which for most subjects is all of them.
     */
    private boolean mayDisagree(InternalRow record, SourceTable recordTable, UTF8String recordOwner, InternalRow[] chosen, int[] priorities)
    {
        if (recordTable == null) {
            return false;
        }
        for (int comparison : recordTable.comparisons) {
            int position = comparisons.get(comparison).element();
            InternalRow authoritative = chosen[position];
            int column = elements.get(position).column();
            Object value = value(record, column);
            if (authoritative != null && priorities[position] == ConsolidateJob.AUTHORITY && value != null && !value.equals(value(authoritative, column))
                    && !Objects.equals(recordOwner, authoritative.getUTF8String(owner))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The authority an override gives this subject, where its key starts with the override's
     * prefix; else null. Overrides test key elements only, so every record of a key gives the same answer.
     */
    private UTF8String override(InternalRow record)
    {
        for (ScopeOverride override : overrides) {
            int column = override.column();
            if (record.isNullAt(column)) {
                continue;
            }
            String value = types[column] instanceof StringType ? record.getUTF8String(column).toString() : externalText(record, column);
            if (value.startsWith(override.prefix())) {
                return override.authority();
            }
        }
        return null;
    }

    /** How much a record's value counts: the authority most, then fallbacks in order (by owner or department), then everyone else. */
    private int priority(UTF8String authority, List<UTF8String> fallback, UTF8String recordOwner, UTF8String recordDepartment)
    {
        if (authority.equals(recordOwner)) {
            return ConsolidateJob.AUTHORITY;
        }
        for (int index = 0; index < fallback.size(); index++) {
            if (fallback.get(index).equals(recordOwner) || fallback.get(index).equals(recordDepartment)) {
                return ConsolidateJob.AUTHORITY - 1 - index;
            }
        }
        return 0;
    }

    /** Priority, then recency; a missing value ranks below any other, as in Spark's ordering of structs. */
    private int compare(int leftPriority, InternalRow left, int rightPriority, InternalRow right)
    {
        int order = Integer.compare(leftPriority, rightPriority);
        return order != 0 ? order : compareRecency(left, right);
    }

    /** Update time, then batch, file and line; a missing value ranks below any other, and text by its bytes as Spark orders it. */
    private int compareRecency(InternalRow left, InternalRow right)
    {
        int order = compareLongs(left, right, updatedAt);
        order = order != 0 ? order : compareTexts(left, right, batch);
        order = order != 0 ? order : compareTexts(left, right, file);
        return order != 0 ? order : compareLongs(left, right, line);
    }

    private static int compareLongs(InternalRow left, InternalRow right, int column)
    {
        int nulls = compareNulls(left, right, column);
        return nulls != 0 || left.isNullAt(column) ? nulls : Long.compare(left.getLong(column), right.getLong(column));
    }

    private static int compareTexts(InternalRow left, InternalRow right, int column)
    {
        int nulls = compareNulls(left, right, column);
        return nulls != 0 || left.isNullAt(column) ? nulls : left.getUTF8String(column).binaryCompare(right.getUTF8String(column));
    }

    /** Nulls first: -1 or 1 where one side is null, else 0. */
    private static int compareNulls(InternalRow left, InternalRow right, int column)
    {
        boolean leftNull = left.isNullAt(column);
        boolean rightNull = right.isNullAt(column);
        return leftNull == rightNull ? 0 : (leftNull ? -1 : 1);
    }
}
