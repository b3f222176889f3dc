package io.pdlake.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.lang.String.format;

/**
 * Reads schemas/one-source.yaml and checks it against the catalog: unknown elements and
 * departments, an element with two authoritative sources, catalog fields that claim authority
 * the rules give to another department, and keys the rules do not know.
 */
final class OneSourceReader
{
    private static final Set<String> FILE_KEYS = Set.of("bases");
    private static final Set<String> BASE_KEYS = Set.of("table", "name", "authority", "key", "elements", "overrides");
    private static final Set<String> ELEMENT_KEYS = Set.of("authority", "fallback");
    private static final Set<String> OVERRIDE_KEYS = Set.of("element", "prefix", "authority");

    private OneSourceReader() {}

    static OneSourceRules read(JsonNode root, String file, Map<String, Department> departments, List<CatalogEntry> entries, List<ValidationProblem> problems)
    {
        Map<String, FieldType> elementTypes = new HashMap<>();
        Map<String, ValidationProblem> elementSource = new HashMap<>();
        for (CatalogEntry entry : entries) {
            for (CatalogField field : entry.fields()) {
                field.element().ifPresent(element -> {
                    FieldType previous = elementTypes.putIfAbsent(element, field.type());
                    if (previous != null && previous.kind() != field.type().kind()) {
                        problems.add(new ValidationProblem(entry.sourceFile(), "fields." + field.name() + ".type",
                                format("element %s is %s here but %s in %s", element, field.type(), previous, elementSource.get(element).file())));
                    }
                    // where the element first appears, so a missing rule can point at the field
                    elementSource.putIfAbsent(element, new ValidationProblem(entry.sourceFile(), "fields." + field.name() + ".element",
                            format("unknown element %s: one-source.yaml has no rule for it", element)));
                });
            }
        }

        checkKeys(file, "", root, FILE_KEYS, problems);
        JsonNode bases = root.path("bases");
        if (!bases.isObject()) {
            problems.add(new ValidationProblem(file, "bases", "must be a mapping of base database to rules"));
            return OneSourceRules.none();
        }
        Map<String, OneSourceRules.BaseRule> rules = new LinkedHashMap<>();
        Set<String> ruledElements = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> iterator = bases.fields(); iterator.hasNext(); ) {
            Map.Entry<String, JsonNode> item = iterator.next();
            String base = item.getKey();
            JsonNode node = item.getValue();
            String path = "bases." + base;
            int before = problems.size();
            checkKeys(file, path, node, BASE_KEYS, problems);
            if (BaseDatabase.fromLabel(base.replace('_', '-')).filter(value -> value != BaseDatabase.NONE).isEmpty()) {
                problems.add(new ValidationProblem(file, path, format("unknown base database %s (person, legal_entity, spatial, license, credit)", base)));
            }
            String table = node.path("table").asText("");
            if (!CatalogReader.SQL_IDENTIFIER.matcher(table).matches()) {
                problems.add(new ValidationProblem(file, path + ".table", format("table %s is not a safe SQL identifier", table)));
            }
            String authority = node.path("authority").asText("");
            checkDepartment(file, path + ".authority", authority, departments, problems);
            List<String> key = new ArrayList<>();
            node.path("key").forEach(element -> key.add(element.asText()));
            if (key.isEmpty()) {
                problems.add(new ValidationProblem(file, path + ".key", "a base needs at least one key element"));
            }
            for (String element : key) {
                checkElement(file, path + ".key", base, element, elementTypes, problems);
                if (!ruledElements.add(element)) {
                    problems.add(new ValidationProblem(file, path + ".key", format("element %s has two authoritative sources", element)));
                }
            }
            List<OneSourceRules.ElementRule> elementRules = new ArrayList<>();
            JsonNode elements = node.path("elements");
            for (Iterator<Map.Entry<String, JsonNode>> elementIterator = elements.fields(); elementIterator.hasNext(); ) {
                Map.Entry<String, JsonNode> elementItem = elementIterator.next();
                String element = elementItem.getKey();
                String elementPath = path + ".elements." + element;
                checkKeys(file, elementPath, elementItem.getValue(), ELEMENT_KEYS, problems);
                checkElement(file, elementPath, base, element, elementTypes, problems);
                if (!ruledElements.add(element)) {
                    problems.add(new ValidationProblem(file, elementPath, format("element %s has two authoritative sources", element)));
                }
                // counted as ruled first: a list of authorities is one broken rule, not a missing one
                JsonNode authorityNode = elementItem.getValue().path("authority");
                if (authorityNode.isArray()) {
                    problems.add(new ValidationProblem(file, elementPath + ".authority", format("element %s has two authoritative sources", element)));
                    continue;
                }
                String elementAuthority = authorityNode.asText(authority);
                checkDepartment(file, elementPath + ".authority", elementAuthority, departments, problems);
                List<String> fallback = new ArrayList<>();
                elementItem.getValue().path("fallback").forEach(department -> {
                    fallback.add(department.asText());
                    checkDepartment(file, elementPath + ".fallback", department.asText(), departments, problems);
                });
                if (fallback.contains(elementAuthority)) {
                    problems.add(new ValidationProblem(file, elementPath + ".fallback", format("the authority %s cannot also be a fallback", elementAuthority)));
                }
                elementRules.add(new OneSourceRules.ElementRule(element, elementAuthority, fallback));
            }
            List<OneSourceRules.AuthorityOverride> overrides = new ArrayList<>();
            int index = 0;
            for (JsonNode override : node.path("overrides")) {
                String overridePath = format("%s.overrides[%s]", path, index++);
                checkKeys(file, overridePath, override, OVERRIDE_KEYS, problems);
                String element = override.path("element").asText("");
                if (!key.contains(element)) {
                    problems.add(new ValidationProblem(file, overridePath + ".element", format("an override must test a key element of %s, not %s", base, element)));
                }
                String prefix = override.path("prefix").asText("");
                if (prefix.isEmpty()) {
                    problems.add(new ValidationProblem(file, overridePath + ".prefix", "required value is missing"));
                }
                String overrideAuthority = override.path("authority").asText("");
                checkDepartment(file, overridePath + ".authority", overrideAuthority, departments, problems);
                overrides.add(new OneSourceRules.AuthorityOverride(element, prefix, overrideAuthority));
            }
            if (problems.size() == before) {
                rules.put(base, new OneSourceRules.BaseRule(base, table, node.path("name").asText(base), authority, key, elementRules, overrides));
            }
        }
        elementSource.entrySet().stream()
                .filter(item -> !ruledElements.contains(item.getKey()))
                .map(Map.Entry::getValue)
                .sorted(Comparator.comparing(ValidationProblem::file).thenComparing(ValidationProblem::field))
                .forEach(problems::add);
        checkAuthoritativeFields(file, rules, departments, entries, problems);
        return new OneSourceRules(rules);
    }

    /** A field marked authoritative must come from the department the rules name, or one of its branches. */
    private static void checkAuthoritativeFields(String file, Map<String, OneSourceRules.BaseRule> rules, Map<String, Department> departments, List<CatalogEntry> entries,
            List<ValidationProblem> problems)
    {
        for (CatalogEntry entry : entries) {
            Department department = departments.get(entry.department());
            String owner = department == null ? entry.department() : department.parent().orElse(department.code());
            for (CatalogField field : entry.fields()) {
                if (!field.authoritative() || field.element().isEmpty()) {
                    continue;
                }
                String element = field.element().get();
                // an element outside every base (no "base." prefix) is already reported as unknown
                OneSourceRules.BaseRule rule = element.contains(".") ? rules.get(element.substring(0, element.indexOf('.'))) : null;
                if (rule == null) {
                    continue;
                }
                Set<String> authorities = new HashSet<>();
                authorities.add(rule.key().contains(element) ? rule.authority() : rule.element(element).map(OneSourceRules.ElementRule::authority).orElse(rule.authority()));
                rule.overrides().forEach(override -> authorities.add(override.authority()));
                if (!authorities.contains(owner)) {
                    problems.add(new ValidationProblem(entry.sourceFile(), "fields." + field.name() + ".authoritative",
                            format("element %s has two authoritative sources: %s here and %s in %s", element, entry.department(), String.join(", ", authorities), file)));
                }
            }
        }
    }

    private static void checkElement(String file, String path, String base, String element, Map<String, FieldType> elementTypes, List<ValidationProblem> problems)
    {
        if (!element.startsWith(base + ".")) {
            problems.add(new ValidationProblem(file, path, format("element %s does not belong to base %s", element, base)));
        }
        else if (!elementTypes.containsKey(element)) {
            problems.add(new ValidationProblem(file, path, format("unknown element %s: no catalog field carries it", element)));
        }
        else if (!CatalogReader.SQL_IDENTIFIER.matcher(OneSourceRules.column(element)).matches()) {
            problems.add(new ValidationProblem(file, path, format("element %s does not make a safe column name", element)));
        }
    }

    /** A misspelt key (fallbacks, authorty) would be ignored and silently change which value wins. */
    private static void checkKeys(String file, String path, JsonNode node, Set<String> allowed, List<ValidationProblem> problems)
    {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!allowed.contains(key)) {
                problems.add(new ValidationProblem(file, path.isEmpty() ? key : path + "." + key, "unknown key " + key));
            }
        }
    }

    private static void checkDepartment(String file, String path, String department, Map<String, Department> departments, List<ValidationProblem> problems)
    {
        if (department.isEmpty()) {
            problems.add(new ValidationProblem(file, path, "required value is missing"));
        }
        else if (!departments.containsKey(department)) {
            problems.add(new ValidationProblem(file, path, format("unknown department %s", department)));
        }
    }
}
