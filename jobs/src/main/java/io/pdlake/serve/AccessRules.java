package io.pdlake.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.Department;
import io.pdlake.catalog.FieldType;
import io.pdlake.catalog.OneSourceRules;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.catalog.SensitiveClass;
import io.pdlake.catalog.ShareType;
import io.pdlake.consolidate.BasePlan;
import io.pdlake.share.EmergencyOverride;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.Set;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Trino file-based access-control rules generated from the resource catalog and the grants
 * (Art. 23-25, 34-36). The bureau's admin sees everything. A provider's users read its own
 * tables in full. Every department reads unconditional-share tables; a conditional-share table
 * only with an active grant, its sensitive columns masked; a not-shared table never. Base tables
 * are readable by every department with personal columns masked. Where a table is masked, its
 * metadata tables ($files, $snapshots, ...) are denied, since their column bounds would show what
 * the mask hides. An active emergency override (Art. 23) counts as the entry's share type until it
 * lapses. The audit log is append-only for every role but the admin. Anything no rule names is denied.
 *
 * <p>Users are the department code, or the code, a dot and a name: {@code gongan},
 * {@code gongan.zhang}.
 */
public final class AccessRules
{
    private static final List<String> ALL_PRIVILEGES = List.of("SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT");
    private static final List<String> SELECT = List.of("SELECT");

    private final ResourceCatalog catalog;
    private final String catalogName;
    private final String adminUser;

    public AccessRules(ResourceCatalog catalog, String catalogName, String adminUser)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.adminUser = requireNonNull(adminUser, "adminUser is null");
    }

    public static String userPattern(String department)
    {
        return "^" + department + "(\\.[A-Za-z0-9_-]+)?$";
    }

    public Map<String, Object> rules(List<ShareGrant> grants, List<EmergencyOverride> overrides, Instant now)
    {
        List<Map<String, Object>> tables = new ArrayList<>();
        tables.add(rule(Map.of("user", "^" + adminUser + "$"), ALL_PRIVILEGES));
        for (Department department : catalog.departments()) {
            String user = userPattern(department.code());
            for (CatalogEntry entry : catalog.entries()) {
                String table = entry.table();
                if (entry.department().equals(department.code())) {
                    tables.add(table(user, "raw", table + "(\\$.*)?", SELECT));
                    continue;
                }
                // an active emergency override opens the entry; once it lapses, the next refresh closes it again
                ShareType shareType = EmergencyOverride.effectiveShareType(entry, overrides, now);
                if (shareType == ShareType.UNCONDITIONAL) {
                    tables.add(table(user, "raw", table + "(\\$.*)?", SELECT));
                }
                else if (shareType == ShareType.CONDITIONAL && granted(grants, department.code(), entry.code(), now)) {
                    tables.add(table(user, "raw", table + "\\$.*", List.of()));
                    Map<String, Object> masked = table(user, "raw", table, SELECT);
                    List<Map<String, Object>> masks = masks(entry);
                    if (!masks.isEmpty()) {
                        masked.put("columns", masks);
                    }
                    tables.add(masked);
                }
            }
            for (BasePlan plan : BasePlan.all(catalog)) {
                tables.add(table(user, "base", plan.rule().table() + "\\$.*", List.of()));
                Map<String, Object> base = table(user, "base", plan.rule().table(), SELECT);
                List<Map<String, Object>> masks = baseMasks(plan);
                if (!masks.isEmpty()) {
                    base.put("columns", masks);
                }
                tables.add(base);
            }
            Map<String, Object> rejects = table(user, "quality", "rejects", SELECT);
            rejects.put("filter", format("department = '%s'", department.code()));
            rejects.put("columns", List.of(Map.of("name", "raw_text", "mask", "CAST(NULL AS varchar)")));
            tables.add(table(user, "quality", "(rejects|conflicts)\\$.*", List.of()));
            tables.add(rejects);
            Map<String, Object> conflicts = table(user, "quality", "conflicts", SELECT);
            conflicts.put("filter", format("authoritative_department = '%1$s' OR other_department = '%1$s'", department.code()));
            String sensitive = sensitiveElements();
            if (!sensitive.isEmpty()) {
                conflicts.put("columns", List.of(
                        Map.of("name", "authoritative_value", "mask", format("CASE WHEN element IN (%s) THEN NULL ELSE authoritative_value END", sensitive)),
                        Map.of("name", "other_value", "mask", format("CASE WHEN element IN (%s) THEN NULL ELSE other_value END", sensitive)),
                        Map.of("name", "subject_key", "mask", "CASE WHEN base = 'person' THEN concat(substr(subject_key, 1, 6), '********', substr(subject_key, 15)) ELSE subject_key END")));
            }
            tables.add(conflicts);
            // the audit log is append-only below the admin: read and add your department's events, never change one
            tables.add(table(user, "meta", "audit_log\\$.*", List.of()));
            Map<String, Object> audit = table(user, "meta", "audit_log", List.of("SELECT", "INSERT"));
            audit.put("filter", format("department = '%s'", department.code()));
            tables.add(audit);
        }
        // shared reference and quality figures, for every department
        tables.add(rule(Map.of("catalog", catalogName, "schema", "quality", "table", "(metrics|freshness|scorecard|rectification|catalog_upkeep|multi_head_collection)"), SELECT));
        tables.add(rule(Map.of("catalog", catalogName, "schema", "meta", "table", "(resource_catalog|catalog_fields|departments|feed_batches|share_grants|share_requests|share_overrides)"), SELECT));
        tables.add(rule(Map.of("catalog", catalogName, "schema", "theme", "table", "[a-z0-9_]+"), SELECT));
        tables.add(rule(Map.of("schema", "information_schema"), SELECT));
        tables.add(rule(Map.of("catalog", "system"), SELECT));

        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("catalogs", List.of(
                Map.of("user", "^" + adminUser + "$", "catalog", ".*", "allow", "all"),
                // "all" so the table rules decide; they give every role but the admin SELECT only, and INSERT on the audit log
                Map.of("catalog", catalogName, "allow", "all"),
                Map.of("catalog", "system", "allow", "read-only")));
        rules.put("schemas", List.of(
                Map.of("user", "^" + adminUser + "$", "schema", ".*", "owner", true),
                Map.of("schema", ".*", "owner", false)));
        rules.put("tables", tables);
        return rules;
    }

    public String json(List<ShareGrant> grants, List<EmergencyOverride> overrides, Instant now)
    {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rules(grants, overrides, now));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes etc/rules.json whole: Trino re-reads the file on its own and must never see half of it. */
    public Path write(Path etc, List<ShareGrant> grants, List<EmergencyOverride> overrides, Instant now)
    {
        String json = json(grants, overrides, now);
        Path rules = etc.resolve("rules.json");
        try {
            Files.createDirectories(etc);
            Path temporary = etc.resolve("rules.json.tmp");
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            Files.move(temporary, rules, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Trino rules under " + etc, e);
        }
        return rules;
    }

    private static boolean granted(List<ShareGrant> grants, String department, String resource, Instant now)
    {
        return grants.stream().anyMatch(grant -> grant.department().equals(department) && grant.resourceCode().equals(resource) && grant.activeAt(now));
    }

    private Map<String, Object> table(String user, String schema, String table, List<String> privileges)
    {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("user", user);
        rule.put("catalog", catalogName);
        rule.put("schema", schema);
        rule.put("table", table);
        rule.put("privileges", privileges);
        return rule;
    }

    private static Map<String, Object> rule(Map<String, Object> match, List<String> privileges)
    {
        Map<String, Object> rule = new LinkedHashMap<>(match);
        rule.put("privileges", privileges);
        return rule;
    }

    /** Masks for an entry's sensitive columns. */
    static List<Map<String, Object>> masks(CatalogEntry entry)
    {
        List<Map<String, Object>> masks = new ArrayList<>();
        for (CatalogField field : entry.fields()) {
            if (field.sensitive() != SensitiveClass.NONE) {
                masks.add(Map.of("name", field.name(), "mask", mask(field.name(), field.type(), field.element().orElse(""), field.sensitive())));
            }
        }
        return masks;
    }

    private List<Map<String, Object>> baseMasks(BasePlan plan)
    {
        Map<String, SensitiveClass> sensitive = new LinkedHashMap<>();
        for (CatalogEntry entry : catalog.entries()) {
            for (CatalogField field : entry.fields()) {
                field.element().filter(element -> plan.rule().allElements().contains(element) && field.sensitive() != SensitiveClass.NONE)
                        .ifPresent(element -> sensitive.merge(element, field.sensitive(), (left, right) -> left.ordinal() >= right.ordinal() ? left : right));
            }
        }
        List<Map<String, Object>> masks = new ArrayList<>();
        sensitive.forEach((element, sensitiveClass) -> {
            String column = OneSourceRules.column(element);
            masks.add(Map.of("name", column, "mask", mask(column, plan.types().get(element), element, sensitiveClass)));
        });
        return masks;
    }

    private String sensitiveElements()
    {
        Set<String> elements = new HashSet<>();
        for (CatalogEntry entry : catalog.entries()) {
            for (CatalogField field : entry.fields()) {
                if (field.sensitive() != SensitiveClass.NONE) {
                    field.element().ifPresent(elements::add);
                }
            }
        }
        return String.join(", ", elements.stream().sorted().map(element -> "'" + element + "'").toList());
    }

    /**
     * The mask for one column: ID numbers keep the first 6 and last 4 characters, phones the first
     * 3 and last 4, names the surname, addresses everything up to the district; dates keep the year;
     * anything else sensitive becomes NULL.
     */
    static String mask(String column, FieldType type, String element, SensitiveClass sensitive)
    {
        String quoted = "\"" + column + "\"";
        if (type.kind() == FieldType.Kind.ID_NUMBER) {
            return format("concat(substr(%1$s, 1, 6), '********', substr(%1$s, 15, 4))", quoted);
        }
        if (column.contains("phone") || element.endsWith(".phone")) {
            return format("concat(substr(%1$s, 1, 3), '****', substr(%1$s, length(%1$s) - 3, 4))", quoted);
        }
        if (type.kind() == FieldType.Kind.STRING && (column.contains("address") || element.endsWith("address"))) {
            return format("coalesce(regexp_extract(%1$s, '^(.*?市.*?[区县市])', 1), '***')", quoted);
        }
        if (type.kind() == FieldType.Kind.STRING && (column.endsWith("name") || element.endsWith(".name") || element.endsWith("legal_representative"))) {
            return format("concat(substr(%1$s, 1, 1), '**')", quoted);
        }
        if (type.kind() == FieldType.Kind.DATE) {
            return format("date_trunc('year', %s)", quoted);
        }
        String trinoType = switch (type.kind()) {
            case STRING, CODE, ID_NUMBER, USCC -> "varchar";
            case INTEGER -> "bigint";
            case DECIMAL -> format("decimal(%s,%s)", type.precision(), type.scale());
            case DATE -> "date";
            case TIMESTAMP -> "timestamp(6) with time zone";
            case BOOLEAN -> "boolean";
        };
        return format("CAST(NULL AS %s)", trinoType);
    }

}
