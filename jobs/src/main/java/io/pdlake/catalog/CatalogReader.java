package io.pdlake.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Reads {@code departments.yaml} and {@code catalog/**.yaml} and checks them against the rules of
 * the measures. Every problem is collected with its file and field, so one run of
 * {@code pdlake catalog validate} reports them all.
 */
public final class CatalogReader
{
    /** Lower-case identifiers that every engine (Spark, Trino, PostgreSQL) accepts unquoted. */
    public static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern REGION = Pattern.compile("\\d{6}");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{2,40}");
    private static final String CITY_REGION = "130500";
    private static final Set<String> ENTRY_KEYS = Set.of("code", "name", "name_en", "department", "region", "subject_key", "base", "table",
            "fields", "share", "open", "security_level", "usage", "update_cycle", "source", "feed");
    private static final Set<String> FIELD_KEYS = Set.of("name", "column", "type", "element", "required", "sensitive", "authoritative", "max_length", "future");

    // a key written twice is a mistake in a reviewed file, not a silent override
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public record Result(ResourceCatalog catalog, List<ValidationProblem> problems)
    {
        public Result
        {
            requireNonNull(catalog, "catalog is null");
            problems = List.copyOf(requireNonNull(problems, "problems is null"));
        }
    }

    public Result read(Path schemasDirectory)
    {
        requireNonNull(schemasDirectory, "schemasDirectory is null");
        List<ValidationProblem> problems = new ArrayList<>();
        Path departmentsFile = schemasDirectory.resolve("departments.yaml");
        List<Department> departments = readDepartments(schemasDirectory, departmentsFile, problems);
        Map<String, Department> departmentsByCode = new HashMap<>();
        for (Department department : departments) {
            departmentsByCode.put(department.code(), department);
        }

        List<CatalogEntry> entries = new ArrayList<>();
        Path catalogDirectory = schemasDirectory.resolve("catalog");
        if (!Files.isDirectory(catalogDirectory)) {
            problems.add(new ValidationProblem(relative(schemasDirectory, catalogDirectory), "", "catalog directory is missing"));
        }
        else {
            for (Path file : yamlFiles(catalogDirectory)) {
                String name = relative(schemasDirectory, file);
                Optional<JsonNode> node = parse(file, name, problems);
                node.flatMap(root -> readEntry(root, name, departmentsByCode, problems)).ifPresent(entries::add);
            }
        }
        checkUnique(entries, CatalogEntry::code, "code", "duplicate catalog code %s, also in %s", problems);
        checkUnique(entries, CatalogEntry::table, "table", "duplicate table name %s, also in %s", problems);
        for (Department department : departments) {
            department.parent().ifPresent(parent -> {
                if (!departmentsByCode.containsKey(parent)) {
                    problems.add(new ValidationProblem(relative(schemasDirectory, departmentsFile), "departments." + department.code() + ".parent",
                            format("unknown parent department %s", parent)));
                }
            });
        }
        Path oneSourceFile = schemasDirectory.resolve("one-source.yaml");
        String oneSourceName = relative(schemasDirectory, oneSourceFile);
        OneSourceRules rules = OneSourceRules.none();
        if (Files.isRegularFile(oneSourceFile)) {
            Optional<JsonNode> node = parse(oneSourceFile, oneSourceName, problems);
            if (node.isPresent()) {
                rules = OneSourceReader.read(node.get(), oneSourceName, departmentsByCode, entries, problems);
            }
        }
        else {
            // without rules consolidation would build no base table at all and say nothing
            entries.stream().filter(entry -> entry.base() != BaseDatabase.NONE).findFirst().ifPresent(entry -> problems.add(new ValidationProblem(oneSourceName, "",
                    format("one-source rules file is missing, but catalog entries feed base databases (%s feeds %s)", entry.code(), entry.base().label()))));
        }
        return new Result(new ResourceCatalog(departments, entries, rules), problems);
    }

    private List<Department> readDepartments(Path root, Path file, List<ValidationProblem> problems)
    {
        String name = relative(root, file);
        List<Department> departments = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            problems.add(new ValidationProblem(name, "", "departments file is missing"));
            return departments;
        }
        Optional<JsonNode> parsed = parse(file, name, problems);
        if (parsed.isEmpty()) {
            return departments;
        }
        JsonNode list = parsed.get().path("departments");
        if (!list.isArray()) {
            problems.add(new ValidationProblem(name, "departments", "must be a list"));
            return departments;
        }
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < list.size(); index++) {
            JsonNode node = list.get(index);
            String path = format("departments[%s]", index);
            Problems context = new Problems(name, problems);
            String code = context.requiredText(node, path, "code");
            if (!code.isEmpty() && !SQL_IDENTIFIER.matcher(code).matches()) {
                context.add(path + ".code", format("department code %s is not a safe SQL identifier (lower case letters, digits, _)", code));
            }
            if (!code.isEmpty() && !seen.add(code)) {
                context.add(path + ".code", format("duplicate department code %s", code));
            }
            String region = context.requiredText(node, path, "region");
            checkRegion(context, path + ".region", region);
            String kindText = context.requiredText(node, path, "kind");
            Optional<DepartmentKind> kind = DepartmentKind.fromLabel(kindText);
            if (kind.isEmpty() && !kindText.isEmpty()) {
                context.add(path + ".kind", format("unknown department kind %s (gov, public-service, vertical)", kindText));
            }
            departments.add(new Department(code, context.requiredText(node, path, "name"), context.requiredText(node, path, "name_en"), region,
                    kind.orElse(DepartmentKind.GOV), context.optionalText(node, "parent")));
        }
        return departments;
    }

    private Optional<CatalogEntry> readEntry(JsonNode root, String file, Map<String, Department> departments, List<ValidationProblem> problems)
    {
        Problems context = new Problems(file, problems);
        if (!root.isObject()) {
            context.add("", "a catalog entry must be a mapping");
            return Optional.empty();
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!ENTRY_KEYS.contains(key)) {
                context.add(key, "unknown key " + key);
            }
        }
        String code = context.requiredText(root, "", "code");
        if (!code.isEmpty() && !CODE.matcher(code).matches()) {
            context.add("code", format("catalog code %s must be upper-case letters, digits and dashes", code));
        }
        String department = context.requiredText(root, "", "department");
        Department provider = departments.get(department);
        if (!department.isEmpty() && provider == null) {
            context.add("department", format("unknown department %s (not in departments.yaml)", department));
        }
        String region = context.requiredText(root, "", "region");
        checkRegion(context, "region", region);
        if (provider != null && !region.isEmpty() && !provider.region().equals(region) && !provider.region().equals(CITY_REGION)) {
            context.add("region", format("region %s differs from department %s's region %s", region, department, provider.region()));
        }
        String table = context.requiredText(root, "", "table");
        checkIdentifier(context, "table", table);

        List<CatalogField> fields = new ArrayList<>();
        JsonNode fieldNodes = root.path("fields");
        if (!fieldNodes.isArray() || fieldNodes.isEmpty()) {
            context.add("fields", "must be a non-empty list");
        }
        else {
            Set<String> fieldNames = new HashSet<>();
            for (int index = 0; index < fieldNodes.size(); index++) {
                readField(fieldNodes.get(index), format("fields[%s]", index), context).ifPresent(field -> {
                    if (!fieldNames.add(field.name())) {
                        context.add("fields", format("duplicate field name %s", field.name()));
                    }
                    fields.add(field);
                });
            }
        }
        Map<String, CatalogField> fieldsByName = new HashMap<>();
        fields.forEach(field -> fieldsByName.put(field.name(), field));

        JsonNode keyNode = root.path("subject_key");
        String keyKindText = context.requiredText(keyNode, "subject_key", "kind");
        Optional<KeyKind> keyKind = KeyKind.fromLabel(keyKindText.replace('_', '-'));
        if (keyKind.isEmpty() && !keyKindText.isEmpty()) {
            context.add("subject_key.kind", format("unknown subject key kind %s (id_number, uscc, other)", keyKindText));
        }
        String keyField = context.requiredText(keyNode, "subject_key", "field");
        CatalogField key = fieldsByName.get(keyField);
        if (!keyField.isEmpty() && key == null) {
            context.add("subject_key.field", format("subject key names no field: %s", keyField));
        }
        else if (key != null && keyKind.isPresent()) {
            FieldType.Kind expected = switch (keyKind.get()) {
                case ID_NUMBER -> FieldType.Kind.ID_NUMBER;
                case USCC -> FieldType.Kind.USCC;
                case OTHER -> null;
            };
            if (expected != null && key.type().kind() != expected) {
                context.add("subject_key.field", format("subject key %s is of kind %s but field type is %s", keyField, keyKindText, key.type()));
            }
        }

        String baseText = context.requiredText(root, "", "base");
        Optional<BaseDatabase> base = BaseDatabase.fromLabel(baseText.replace('_', '-'));
        if (base.isEmpty() && !baseText.isEmpty()) {
            context.add("base", format("unknown base database %s (person, legal_entity, spatial, license, credit, none)", baseText));
        }

        JsonNode share = root.path("share");
        String shareText = context.requiredText(share, "share", "type");
        Optional<ShareType> shareType = ShareType.fromLabel(shareText);
        if (shareType.isEmpty() && !shareText.isEmpty()) {
            context.add("share.type", format("unknown share type %s (unconditional, conditional, none)", shareText));
        }
        Optional<String> legalBasis = context.optionalText(share, "legal_basis");
        if (shareType.isPresent() && shareType.get() != ShareType.UNCONDITIONAL && legalBasis.isEmpty()) {
            context.add("share.legal_basis", format("share type %s needs a cited legal basis (Art. 23)", shareText));
        }

        JsonNode open = root.path("open");
        String openText = context.requiredText(open, "open", "type");
        Optional<OpenType> openType = OpenType.fromLabel(openText);
        if (openType.isEmpty() && !openText.isEmpty()) {
            context.add("open.type", format("unknown open type %s (unconditional, conditional, none)", openText));
        }
        Optional<OpenReview> openReview = openReview(context, open);

        int securityLevel = root.path("security_level").asInt(0);
        if (securityLevel < 1 || securityLevel > 4) {
            context.add("security_level", format("security level must be 1 to 4, not %s", root.path("security_level").asText("missing")));
        }

        String cycleText = context.requiredText(root, "", "update_cycle");
        Optional<UpdateCycle> cycle = UpdateCycle.fromLabel(cycleText);
        if (cycle.isEmpty() && !cycleText.isEmpty()) {
            context.add("update_cycle", format("unknown update cycle %s (real-time, daily, weekly, monthly, quarterly, semi-annual, annual, irregular)", cycleText));
        }

        JsonNode source = root.path("source");
        String sourceText = context.requiredText(source, "source", "type");
        Optional<SourceType> sourceType = SourceType.fromLabel(sourceText);
        if (sourceType.isEmpty() && !sourceText.isEmpty()) {
            context.add("source.type", format("unknown source type %s (collected, purchased, vertical)", sourceText));
        }
        Optional<String> approval = context.optionalText(source, "approval");
        if (sourceType.orElse(null) == SourceType.PURCHASED && approval.isEmpty()) {
            context.add("source.approval", "purchased data needs an approval reference (Art. 16)");
        }
        if (sourceType.orElse(null) == SourceType.VERTICAL && provider != null && provider.kind() != DepartmentKind.VERTICAL) {
            context.add("source.type", format("source type vertical but department %s is not a vertically managed system", department));
        }

        JsonNode feed = root.path("feed");
        String formatText = context.requiredText(feed, "feed", "format");
        Optional<FeedFormat> format = FeedFormat.fromLabel(formatText);
        if (format.isEmpty() && !formatText.isEmpty()) {
            context.add("feed.format", format("unknown feed format %s (csv, jsonl, parquet)", formatText));
        }
        String encoding = context.optionalText(feed, "encoding").orElse("UTF-8");
        if (!Charset.isSupported(encoding)) {
            context.add("feed.encoding", format("unknown encoding %s", encoding));
        }
        Optional<String> updatedAt = context.optionalText(feed, "updated_at");
        updatedAt.ifPresent(fieldName -> {
            CatalogField field = fieldsByName.get(fieldName);
            if (field == null) {
                context.add("feed.updated_at", format("updated_at names no field: %s", fieldName));
            }
            else if (field.type().kind() != FieldType.Kind.TIMESTAMP && field.type().kind() != FieldType.Kind.DATE) {
                context.add("feed.updated_at", format("updated_at field %s must be a date or timestamp, not %s", fieldName, field.type()));
            }
        });

        if (context.failed()) {
            return Optional.empty();
        }
        return Optional.of(new CatalogEntry(
                code,
                context.requiredText(root, "", "name"),
                context.requiredText(root, "", "name_en"),
                department,
                region,
                new SubjectKey(keyKind.orElseThrow(), keyField),
                base.orElseThrow(),
                table,
                fields,
                shareType.orElseThrow(),
                legalBasis,
                openType.orElseThrow(),
                openReview,
                securityLevel,
                context.optionalText(root, "usage").orElse(""),
                cycle.orElseThrow(),
                sourceType.orElseThrow(),
                approval,
                format.orElseThrow(),
                encoding,
                updatedAt,
                file));
    }

    private Optional<CatalogField> readField(JsonNode node, String path, Problems context)
    {
        if (!node.isObject()) {
            context.add(path, "a field must be a mapping");
            return Optional.empty();
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!FIELD_KEYS.contains(key)) {
                context.add(path + "." + key, "unknown key " + key);
            }
        }
        int before = context.count();
        String name = context.requiredText(node, path, "name");
        checkIdentifier(context, path + ".name", name);
        String typeText = context.requiredText(node, path, "type");
        Optional<FieldType> type = FieldType.parse(typeText);
        if (type.isEmpty() && !typeText.isEmpty()) {
            context.add(path + ".type", format("bad field type %s (string, code, integer, decimal(p,s), date, timestamp, boolean, id_number, uscc)", typeText));
        }
        String sensitiveText = context.optionalText(node, "sensitive").orElse("none");
        Optional<SensitiveClass> sensitive = SensitiveClass.fromLabel(sensitiveText);
        if (sensitive.isEmpty()) {
            context.add(path + ".sensitive", format("unknown sensitive class %s (none, personal, sensitive-personal, confidential-business)", sensitiveText));
        }
        if (node.path("future").asBoolean(false) && type.isPresent()
                && type.get().kind() != FieldType.Kind.DATE && type.get().kind() != FieldType.Kind.TIMESTAMP) {
            context.add(path + ".future", "future applies to date and timestamp fields only, not " + typeText);
        }
        Optional<Integer> maxLength = Optional.empty();
        if (node.has("max_length")) {
            int length = node.path("max_length").asInt(0);
            if (length < 1) {
                context.add(path + ".max_length", "max_length must be a positive whole number");
            }
            maxLength = Optional.of(length);
        }
        if (context.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new CatalogField(
                name,
                context.optionalText(node, "column").orElse(name),
                type.orElseThrow(),
                context.optionalText(node, "element"),
                node.path("required").asBoolean(false),
                sensitive.orElseThrow(),
                node.path("authoritative").asBoolean(false),
                maxLength,
                node.path("future").asBoolean(false)));
    }

    /** The confidentiality review under open.review; a bare "reviewed: true" records nothing and is refused. */
    private static Optional<OpenReview> openReview(Problems context, JsonNode open)
    {
        if (open.has("reviewed")) {
            context.add("open.reviewed", "record the confidentiality review as open.review with date, by and reference (Art. 28), not a flag");
        }
        JsonNode review = open.path("review");
        if (review.isMissingNode() || review.isNull()) {
            return Optional.empty();
        }
        String dateText = context.requiredText(review, "open.review", "date");
        String reviewer = context.requiredText(review, "open.review", "by");
        String reference = context.requiredText(review, "open.review", "reference");
        if (dateText.isEmpty() || reviewer.isEmpty() || reference.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OpenReview(LocalDate.parse(dateText), reviewer, reference));
        }
        catch (DateTimeParseException e) {
            context.add("open.review.date", format("review date %s is not yyyy-MM-dd", dateText));
            return Optional.empty();
        }
    }

    private static void checkIdentifier(Problems context, String path, String value)
    {
        if (!value.isEmpty() && !SQL_IDENTIFIER.matcher(value).matches()) {
            context.add(path, format("%s is not a safe SQL identifier (lower-case letter first, then lower-case letters, digits, _; at most 63)", value));
        }
    }

    private static void checkRegion(Problems context, String path, String region)
    {
        if (!region.isEmpty() && !(REGION.matcher(region).matches() && region.startsWith("1305"))) {
            context.add(path, format("region %s is not Xingtai's city code 130500 or one of its county codes 1305xx", region));
        }
    }

    private static <T> void checkUnique(List<CatalogEntry> entries, Function<CatalogEntry, String> key, String field, String message, List<ValidationProblem> problems)
    {
        Map<String, CatalogEntry> seen = new HashMap<>();
        for (CatalogEntry entry : entries) {
            CatalogEntry previous = seen.putIfAbsent(key.apply(entry), entry);
            if (previous != null) {
                problems.add(new ValidationProblem(entry.sourceFile(), field, format(message, key.apply(entry), previous.sourceFile())));
            }
        }
    }

    private Optional<JsonNode> parse(Path file, String name, List<ValidationProblem> problems)
    {
        try {
            JsonNode node = yaml.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                problems.add(new ValidationProblem(name, "", "file is empty"));
                return Optional.empty();
            }
            return Optional.of(node);
        }
        catch (IOException e) {
            problems.add(new ValidationProblem(name, "", "cannot parse YAML: " + e.getMessage().lines().findFirst().orElse("")));
            return Optional.empty();
        }
    }

    private static List<Path> yamlFiles(Path directory)
    {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".yaml") || path.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list catalog files under " + directory, e);
        }
    }

    private static String relative(Path root, Path file)
    {
        Path parent = root.toAbsolutePath().normalize().getParent();
        Path absolute = file.toAbsolutePath().normalize();
        return parent == null ? absolute.toString() : parent.relativize(absolute).toString();
    }

    /** Problems of one file. */
    private static final class Problems
    {
        private final String file;
        private final List<ValidationProblem> problems;
        private int count;

        Problems(String file, List<ValidationProblem> problems)
        {
            this.file = file;
            this.problems = problems;
        }

        void add(String field, String message)
        {
            problems.add(new ValidationProblem(file, field, message));
            count++;
        }

        int count()
        {
            return count;
        }

        boolean failed()
        {
            return count > 0;
        }

        String requiredText(JsonNode node, String parent, String key)
        {
            JsonNode value = node.path(key);
            String text = value.isValueNode() ? value.asText("").strip() : "";
            if (text.isEmpty()) {
                add(parent.isEmpty() ? key : parent + "." + key, "required value is missing");
            }
            return text;
        }

        Optional<String> optionalText(JsonNode node, String key)
        {
            JsonNode value = node.path(key);
            String text = value.isValueNode() && !value.isNull() ? value.asText("").strip() : "";
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }
    }
}
