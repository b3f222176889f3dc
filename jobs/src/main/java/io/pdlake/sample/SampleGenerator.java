package io.pdlake.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pdlake.catalog.BaseDatabase;
import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.FeedFormat;
import io.pdlake.catalog.FieldType;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.identity.Text;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Writes deterministic department feeds for every catalog entry into a landing layout: subjects
 * shared across departments, values that disagree with the authoritative source, a second batch
 * that updates part of the first, and dirty rows of every kind ingest must handle. The same
 * options give byte-identical files.
 */
public final class SampleGenerator
{
    public static final LocalDate FIRST_BATCH = LocalDate.of(2026, 11, 2);
    public static final LocalDate SECOND_BATCH = LocalDate.of(2026, 11, 3);
    private static final DateTimeFormatter BATCH_NAME = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The kinds of dirt written into feeds; the first five are repaired by standardisation, the rest rejected. */
    public enum Dirt
    {
        LEGACY_15_DIGIT_ID, LOWER_CASE, FULL_WIDTH, STRAY_SPACES, BAD_CHECK_CHARACTER, MISSING_KEY, BAD_DATE, BAD_NUMBER, WRONG_COLUMN_COUNT
    }

    private final ResourceCatalog catalog;
    private final int rows;
    private final long seed;
    private final double dirtyRate;
    private final double conflictRate;
    private final Map<Dirt, Double> dirtWeights;

    /**
     * How much to write and how dirty: {@code dirtWeights} are the kinds' relative weights among
     * dirty rows (every kind 1 unless given; 0 leaves a kind out).
     */
    public record Options(int rows, long seed, double dirtyRate, double conflictRate, Map<Dirt, Double> dirtWeights)
    {
        public Options(int rows, long seed, double dirtyRate, double conflictRate)
        {
            this(rows, seed, dirtyRate, conflictRate, Map.of());
        }

        public Options
        {
            requireNonNull(dirtWeights, "dirtWeights is null");
            Map<Dirt, Double> weights = new EnumMap<>(Dirt.class);
            for (Dirt dirt : Dirt.values()) {
                double weight = dirtWeights.getOrDefault(dirt, 1.0);
                if (!(weight >= 0) || Double.isInfinite(weight)) {
                    throw new IllegalArgumentException("weight of dirt " + dirt + " must be 0 or more: " + weight);
                }
                weights.put(dirt, weight);
            }
            if (dirtyRate > 0 && weights.values().stream().allMatch(weight -> weight == 0)) {
                throw new IllegalArgumentException("a dirty rate above 0 needs at least one kind of dirt with a weight above 0");
            }
            dirtWeights = Collections.unmodifiableMap(weights);
            if (rows < 1) {
                throw new IllegalArgumentException("rows must be positive: " + rows);
            }
            if (dirtyRate < 0 || dirtyRate > 1) {
                throw new IllegalArgumentException("dirty rate must be between 0 and 1: " + dirtyRate);
            }
            if (conflictRate < 0 || conflictRate > 1) {
                throw new IllegalArgumentException("conflict rate must be between 0 and 1: " + conflictRate);
            }
        }
    }

    /** What was written: files and rows per entry, and how many rows carry each dirt. */
    public record Written(int files, long rows, long dirtyRows) {}

    public SampleGenerator(ResourceCatalog catalog, Options options)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.rows = options.rows();
        this.seed = options.seed();
        this.dirtyRate = options.dirtyRate();
        this.conflictRate = options.conflictRate();
        this.dirtWeights = options.dirtWeights();
    }

    public Written write(Path landingRoot)
    {
        List<CatalogEntry> entries = catalog.entries();
        int perEntry = perEntry();
        SubjectPool pool = pool();
        int files = 0;
        long written = 0;
        long dirty = 0;
        for (CatalogEntry entry : entries) {
            SplittableRandom random = new SplittableRandom(seed * 31 + entry.code().hashCode());
            int firstCount = Math.max(1, perEntry * 4 / 5);
            int secondCount = Math.max(1, perEntry - firstCount);
            // rows are written as they are made, in the order the random draws give them: a batch of
            // millions of rows never sits in memory (the benchmark's driver runs this too)
            int[] firstSubjects = new int[firstCount];
            int[] dirtyCount = new int[1];
            Path directory = landingRoot.resolve(entry.region()).resolve(entry.department()).resolve(entry.table());
            writeBatch(entry, directory.resolve(FIRST_BATCH.format(BATCH_NAME)), firstCount, index -> {
                int subject = index % subjectCount(entry, pool);
                firstSubjects[index] = subject;
                return row(entry, pool, subject, index, FIRST_BATCH, random, dirtyCount);
            }, true);
            writeBatch(entry, directory.resolve(SECOND_BATCH.format(BATCH_NAME)), secondCount, index -> {
                // half the second batch updates subjects of the first, half brings new ones
                int subject = index % 2 == 0
                        ? firstSubjects[random.nextInt(firstSubjects.length)]
                        : (firstCount + index) % subjectCount(entry, pool);
                return row(entry, pool, subject, firstCount + index, SECOND_BATCH, random, dirtyCount);
            }, false);
            files += 2;
            written += firstCount + secondCount;
            dirty += dirtyCount[0];
        }
        return new Written(files, written, dirty);
    }

    /**
     * A later batch, {@code batchDate}, that sends new versions of {@code share} of the subjects
     * each entry's first batch carried: the incremental load of the benchmark. The same options
     * give the same subjects as {@link #write}.
     */
    public Written writeChanges(Path landingRoot, LocalDate batchDate, double share)
    {
        if (!batchDate.isAfter(SECOND_BATCH)) {
            throw new IllegalArgumentException("A change batch must come after " + SECOND_BATCH + ": " + batchDate);
        }
        if (share <= 0 || share > 1) {
            throw new IllegalArgumentException("share must be in (0, 1]: " + share);
        }
        int perEntry = perEntry();
        SubjectPool pool = pool();
        int files = 0;
        long written = 0;
        long dirty = 0;
        for (CatalogEntry entry : catalog.entries()) {
            SplittableRandom random = new SplittableRandom(seed * 31 + entry.code().hashCode() + batchDate.toEpochDay());
            int firstCount = Math.max(1, perEntry * 4 / 5);
            int subjects = Math.min(firstCount, subjectCount(entry, pool));
            int count = (int) Math.max(1, Math.round(subjects * share));
            int stride = Math.max(1, subjects / count);
            int[] dirtyCount = new int[1];
            writeBatch(entry, landingRoot.resolve(entry.region()).resolve(entry.department()).resolve(entry.table()).resolve(batchDate.format(BATCH_NAME)),
                    count, index -> row(entry, pool, (index * stride) % subjects, perEntry + index, batchDate, random, dirtyCount), false);
            files++;
            written += count;
            dirty += dirtyCount[0];
        }
        return new Written(files, written, dirty);
    }

    private int perEntry()
    {
        return Math.max(4, rows / catalog.entries().size());
    }

    private SubjectPool pool()
    {
        return new SubjectPool(new SplittableRandom(seed), Math.max(40, rows / 5), Math.max(20, rows / 12), Math.max(10, rows / 30));
    }

    private static int subjectCount(CatalogEntry entry, SubjectPool pool)
    {
        return switch (entry.subjectKey().kind()) {
            case ID_NUMBER -> pool.persons.size();
            case USCC -> organizations(entry, pool).size();
            case OTHER -> pool.parcels.size();
        };
    }

    private static List<SubjectPool.Organization> organizations(CatalogEntry entry, SubjectPool pool)
    {
        if (entry.table().contains("social_organization")) {
            return pool.socialOrganizations;
        }
        if (entry.table().contains("individual_business")) {
            return pool.individualBusinesses;
        }
        return pool.companies;
    }

    private String[] row(CatalogEntry entry, SubjectPool pool, int subject, int index, LocalDate batchDate, SplittableRandom random, int[] dirtyCount)
    {
        List<CatalogField> fields = entry.fields();
        String[] values = new String[fields.size()];
        boolean updated = batchDate.isAfter(FIRST_BATCH);
        for (int position = 0; position < fields.size(); position++) {
            CatalogField field = fields.get(position);
            String value = value(entry, field, pool, subject, index, batchDate, random);
            if (field.element().isPresent() && !field.authoritative() && !field.name().equals(entry.subjectKey().field())
                    && random.nextDouble() < conflictRate && field.type().kind() == FieldType.Kind.STRING) {
                value = disagree(value, random);
            }
            if (updated && field.authoritative() && field.type().kind() == FieldType.Kind.STRING && field.element().orElse("").endsWith("address") && random.nextInt(3) == 0) {
                value = SubjectPool.address(random, random.nextInt(SubjectPool.DISTRICTS.length));
            }
            values[position] = value;
        }
        if (random.nextDouble() < dirtyRate && dirty(entry, values, random)) {
            dirtyCount[0]++;
        }
        return values;
    }

    private static String disagree(String value, SplittableRandom random)
    {
        if (value.length() > 1) {
            return value.substring(0, value.length() - 1) + "某一二三四五".charAt(random.nextInt(6));
        }
        return value + "甲";
    }

    /** Makes the row dirty with a kind drawn by weight; false when no kind with a weight suits this feed. */
    private boolean dirty(CatalogEntry entry, String[] values, SplittableRandom random)
    {
        int key = indexOf(entry, entry.subjectKey().field());
        List<Dirt> kinds = new ArrayList<>(List.of(Dirt.values()));
        if (entry.format() != FeedFormat.CSV) {
            kinds.remove(Dirt.WRONG_COLUMN_COUNT);
        }
        kinds.removeIf(kind -> dirtWeights.get(kind) == 0);
        if (kinds.isEmpty()) {
            return false;
        }
        Dirt dirt = pick(kinds, random);
        String keyValue = values[key];
        switch (dirt) {
            case LEGACY_15_DIGIT_ID -> {
                if (keyValue.length() == 18 && keyValue.startsWith("19", 6) && Character.isDigit(keyValue.charAt(0))
                        && entry.subjectKey().kind() == io.pdlake.catalog.KeyKind.ID_NUMBER) {
                    values[key] = keyValue.substring(0, 6) + keyValue.substring(8, 17);
                }
                else {
                    values[key] = " " + keyValue + " ";
                }
            }
            case LOWER_CASE -> values[key] = keyValue.toLowerCase(Locale.ROOT);
            case FULL_WIDTH -> values[key] = fullWidth(keyValue);
            case STRAY_SPACES -> values[key] = "\u3000" + keyValue + "  ";
            case BAD_CHECK_CHARACTER -> {
                char last = keyValue.charAt(keyValue.length() - 1);
                char replacement = last == '1' ? '2' : '1';
                values[key] = keyValue.substring(0, keyValue.length() - 1) + replacement;
            }
            case MISSING_KEY -> values[key] = "";
            case BAD_DATE -> {
                int date = firstOfKind(entry, FieldType.Kind.DATE);
                values[date >= 0 ? date : key] = date >= 0 ? "2026-02-30" : "";
            }
            case BAD_NUMBER -> {
                int number = firstOfKind(entry, FieldType.Kind.DECIMAL);
                if (number < 0 && entry.format() != FeedFormat.PARQUET) {
                    number = firstOfKind(entry, FieldType.Kind.INTEGER);
                }
                values[number >= 0 ? number : key] = number >= 0 ? "12,3O4.5" : "";
            }
            case WRONG_COLUMN_COUNT -> values[values.length - 1] = values[values.length - 1] + "\u0000EXTRA";
        }
        return true;
    }

    /** A kind drawn in proportion to its weight; with equal weights the very draw of earlier versions, so output stays byte-identical. */
    private Dirt pick(List<Dirt> kinds, SplittableRandom random)
    {
        double first = dirtWeights.get(kinds.get(0));
        if (kinds.stream().allMatch(kind -> dirtWeights.get(kind) == first)) {
            return kinds.get(random.nextInt(kinds.size()));
        }
        double total = kinds.stream().mapToDouble(dirtWeights::get).sum();
        double draw = random.nextDouble() * total;
        for (Dirt kind : kinds) {
            draw -= dirtWeights.get(kind);
            if (draw < 0) {
                return kind;
            }
        }
        return kinds.get(kinds.size() - 1);
    }

    private static int indexOf(CatalogEntry entry, String field)
    {
        for (int index = 0; index < entry.fields().size(); index++) {
            if (entry.fields().get(index).name().equals(field)) {
                return index;
            }
        }
        throw new IllegalArgumentException("No field " + field + " in " + entry.code());
    }

    private static int firstOfKind(CatalogEntry entry, FieldType.Kind kind)
    {
        for (int index = 0; index < entry.fields().size(); index++) {
            if (entry.fields().get(index).type().kind() == kind) {
                return index;
            }
        }
        return -1;
    }

    private static String fullWidth(String value)
    {
        StringBuilder builder = new StringBuilder();
        for (char character : value.toCharArray()) {
            builder.append(character > ' ' && character < 0x7F ? (char) (character + 0xFEE0) : character);
        }
        return builder.toString();
    }

    private static String value(CatalogEntry entry, CatalogField field, SubjectPool pool, int subject, int index, LocalDate batchDate, SplittableRandom random)
    {
        String element = field.element().orElse("");
        boolean isKey = field.name().equals(entry.subjectKey().field());
        SubjectPool.Person person = entry.subjectKey().kind() == io.pdlake.catalog.KeyKind.ID_NUMBER ? pool.persons.get(subject % pool.persons.size()) : null;
        SubjectPool.Organization organization = entry.subjectKey().kind() == io.pdlake.catalog.KeyKind.USCC ? organizations(entry, pool).get(subject % organizations(entry, pool).size()) : null;
        SubjectPool.Parcel parcel = entry.subjectKey().kind() == io.pdlake.catalog.KeyKind.OTHER ? pool.parcels.get(subject % pool.parcels.size()) : null;
        if (isKey) {
            if (person != null) {
                return person.idNumber();
            }
            if (organization != null) {
                return organization.uscc();
            }
            return parcel.code();
        }
        if (field.name().equals(entry.updatedAtField().orElse(""))) {
            return LocalDateTime.of(batchDate, java.time.LocalTime.of(8, 0)).plusSeconds(random.nextInt(36_000)).format(TIMESTAMP);
        }
        String prefix = element.contains(".") ? element.substring(0, element.indexOf('.')) : "";
        String item = element.contains(".") ? element.substring(element.indexOf('.') + 1) : "";
        if (person != null && prefix.equals("person")) {
            switch (item) {
                case "name" -> { return person.name(); }
                case "sex" -> { return person.sex(); }
                case "birth_date" -> { return person.birthDate().toString(); }
                case "ethnicity" -> { return person.ethnicity(); }
                case "household_address" -> { return person.householdAddress(); }
                case "residence_address" -> { return person.residenceAddress(); }
                case "phone" -> { return person.phone(); }
                default -> { }
            }
        }
        if (organization != null && (prefix.equals("legal_entity") || entry.base() == BaseDatabase.LEGAL_ENTITY)) {
            switch (item) {
                case "name" -> { return organization.name(); }
                case "type" -> { return organization.type(); }
                case "legal_representative" -> { return organization.legalRepresentative(); }
                case "registered_capital" -> { return organization.capital(); }
                case "established_on" -> { return organization.established().toString(); }
                case "address" -> { return organization.address(); }
                case "status" -> { return organization.status(); }
                default -> { }
            }
        }
        if (parcel != null) {
            switch (item) {
                case "district" -> { return SubjectPool.DISTRICT_NAMES[parcel.district()]; }
                case "area" -> { return parcel.area(); }
                case "land_use" -> { return parcel.landUse(); }
                case "right_holder_key" -> { return pool.companies.get(parcel.holder() % pool.companies.size()).uscc(); }
                default -> { }
            }
        }
        switch (element) {
            case "license.number", "credit.record_id" -> {
                return format("%s-%s-%06d", entry.code().substring(entry.code().indexOf('-') + 1), batchDate.getYear(), index + 1);
            }
            case "credit.rating" -> { return new String[] {"A", "B", "M", "C", "D"}[random.nextInt(5)]; }
            case "credit.content" -> { return new String[] {"警告", "罚款", "没收违法所得", "责令停产停业", "守信承诺", "告知承诺"}[random.nextInt(6)]; }
            case "credit.authority", "license.issuer" -> { return new String[] {"邢台市市场监督管理局", "邢台市生态环境局", "邢台市行政审批局", "邢台市应急管理局"}[random.nextInt(4)]; }
            case "license.name" -> { return entry.name().replace("信息", ""); }
            default -> { }
        }
        if (field.type().kind() == FieldType.Kind.ID_NUMBER) {
            return pool.persons.get(random.nextInt(pool.persons.size())).idNumber();
        }
        if (field.type().kind() == FieldType.Kind.USCC) {
            if (organization != null && element.isEmpty()) {
                return organization.uscc();
            }
            List<SubjectPool.Organization> holders = entry.table().contains("medical") ? pool.companies : organizations(entry, pool);
            SubjectPool.Organization holder = holders.get((subject + index) % holders.size());
            return holder.uscc();
        }
        if (element.equals("legal_entity.name")) {
            return pool.companies.get((subject + index) % pool.companies.size()).name();
        }
        if (element.equals("person.name") || field.name().endsWith("_name")) {
            return SubjectPool.name(random);
        }
        return switch (field.type().kind()) {
            case STRING -> field.name().contains("address") ? SubjectPool.address(random, random.nextInt(SubjectPool.DISTRICTS.length))
                    : field.column() + (1 + random.nextInt(9));
            case CODE -> format("%s%08d", field.name().substring(0, Math.min(2, field.name().length())).toUpperCase(Locale.ROOT), 10_000 + index);
            case INTEGER -> Integer.toString(field.name().contains("year") ? batchDate.getYear() - 1 : 1 + random.nextInt(5000));
            case DECIMAL -> format("%d.%02d", random.nextInt(9999), random.nextInt(100));
            case DATE -> batchDate.minusDays(1 + random.nextInt(3000)).toString();
            case TIMESTAMP -> LocalDateTime.of(batchDate, java.time.LocalTime.NOON).format(TIMESTAMP);
            case BOOLEAN -> random.nextBoolean() ? "是" : "否";
            case ID_NUMBER, USCC -> throw new IllegalStateException("handled above");
        };
    }

    /** Writes {@code count} rows, made by {@code rows} one at a time in index order, as the entry's feed format. */
    private void writeBatch(CatalogEntry entry, Path directory, int count, IntFunction<String[]> rows, boolean firstBatch)
    {
        try {
            Files.createDirectories(directory);
            switch (entry.format()) {
                case CSV -> csv(entry, count, rows, firstBatch, directory.resolve("part-00001.csv"));
                case JSONL -> jsonLines(entry, count, rows, directory.resolve("part-00001.jsonl"));
                case PARQUET -> parquet(entry, count, rows, directory.resolve("part-00001.parquet"));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write sample feed under " + directory, e);
        }
    }

    private static void csv(CatalogEntry entry, int count, IntFunction<String[]> rows, boolean firstBatch, Path file)
            throws IOException
    {
        Charset charset = Charset.forName(entry.encoding());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            if (firstBatch && charset.equals(StandardCharsets.UTF_8)) {
                // some providers' tools write a byte order mark; ingest must not mind
                out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            Writer text = new OutputStreamWriter(out, charset);
            text.append(String.join(",", entry.fields().stream().map(field -> quote(field.column())).toList())).append('\n');
            for (int index = 0; index < count; index++) {
                List<String> cells = new ArrayList<>();
                for (String value : rows.apply(index)) {
                    if (value.contains("\u0000EXTRA")) {
                        cells.add(quote(value.replace("\u0000EXTRA", "")));
                        cells.add("多余列");
                    }
                    else {
                        cells.add(quote(value));
                    }
                }
                text.append(String.join(",", cells)).append('\n');
            }
            text.flush();
        }
    }

    private static String quote(String value)
    {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    private static void jsonLines(CatalogEntry entry, int count, IntFunction<String[]> rows, Path file)
            throws IOException
    {
        try (Writer text = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int index = 0; index < count; index++) {
                String[] row = rows.apply(index);
                ObjectNode node = JSON.createObjectNode();
                for (int position = 0; position < row.length; position++) {
                    CatalogField field = entry.fields().get(position);
                    if (field.type().kind() == FieldType.Kind.INTEGER && row[position].matches("\\d+")) {
                        node.put(field.column(), Long.parseLong(row[position]));
                    }
                    else {
                        node.put(field.column(), row[position]);
                    }
                }
                text.append(JSON.writeValueAsString(node)).append('\n');
            }
        }
    }

    /** The Parquet schema a department's feed for this entry has: integers as INT64, everything else as text, every column optional. */
    public static MessageType parquetSchema(CatalogEntry entry)
    {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (CatalogField field : entry.fields()) {
            if (field.type().kind() == FieldType.Kind.INTEGER) {
                builder.optional(PrimitiveType.PrimitiveTypeName.INT64).named(field.column());
            }
            else {
                builder.optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(field.column());
            }
        }
        return builder.named("feed");
    }

    private static void parquet(CatalogEntry entry, int count, IntFunction<String[]> rows, Path file)
            throws IOException
    {
        MessageType schema = parquetSchema(entry);
        Files.deleteIfExists(file);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (int position = 0; position < count; position++) {
                String[] row = rows.apply(position);
                Group group = groups.newGroup();
                for (int index = 0; index < row.length; index++) {
                    CatalogField field = entry.fields().get(index);
                    String value = row[index];
                    if (value.isEmpty()) {
                        continue;
                    }
                    if (field.type().kind() == FieldType.Kind.INTEGER) {
                        String digits = Text.standardize(value);
                        if (digits.matches("-?\\d+")) {
                            group.add(field.column(), Long.parseLong(digits));
                        }
                    }
                    else {
                        group.add(field.column(), value);
                    }
                }
                writer.write(group);
            }
        }
    }
}
