package io.pdlake.consolidate;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.Department;
import io.pdlake.catalog.FieldType;
import io.pdlake.catalog.OneSourceRules;
import io.pdlake.catalog.ResourceCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What consolidating one base database involves: its rules, the column type of each element, and
 * the catalog entries that contribute (those with a field for every key element), with the field
 * that carries each element.
 */
public record BasePlan(OneSourceRules.BaseRule rule, Map<String, FieldType> types, List<Source> sources, Map<String, String> owners)
{
    /** One contributing entry: element -> field name in its raw table. */
    public record Source(CatalogEntry entry, Map<String, String> fields, String owner)
    {
        public Source
        {
            requireNonNull(entry, "entry is null");
            fields = Map.copyOf(requireNonNull(fields, "fields is null"));
            requireNonNull(owner, "owner is null");
        }
    }

    public BasePlan
    {
        requireNonNull(rule, "rule is null");
        types = Map.copyOf(requireNonNull(types, "types is null"));
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        owners = Map.copyOf(requireNonNull(owners, "owners is null"));
    }

    public static List<BasePlan> all(ResourceCatalog catalog)
    {
        Map<String, String> owners = new HashMap<>();
        for (Department department : catalog.departments()) {
            owners.put(department.code(), department.parent().orElse(department.code()));
        }
        List<BasePlan> plans = new ArrayList<>();
        for (String base : List.of("person", "legal_entity", "license", "credit", "spatial")) {
            Optional<OneSourceRules.BaseRule> rule = catalog.oneSource().base(base);
            if (rule.isEmpty()) {
                continue;
            }
            Map<String, FieldType> types = new LinkedHashMap<>();
            List<Source> sources = new ArrayList<>();
            for (CatalogEntry entry : catalog.entries()) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (CatalogField field : entry.fields()) {
                    field.element().filter(element -> rule.get().allElements().contains(element)).ifPresent(element -> {
                        fields.putIfAbsent(element, field.name());
                        FieldType previous = types.get(element);
                        types.put(element, previous == null ? field.type() : wider(previous, field.type()));
                    });
                }
                if (fields.keySet().containsAll(rule.get().key())) {
                    sources.add(new Source(entry, fields, owners.getOrDefault(entry.department(), entry.department())));
                }
            }
            for (String element : rule.get().allElements()) {
                types.putIfAbsent(element, FieldType.of(FieldType.Kind.STRING));
            }
            plans.add(new BasePlan(rule.get(), types, sources, owners));
        }
        return plans;
    }

    private static FieldType wider(FieldType left, FieldType right)
    {
        if (left.kind() == FieldType.Kind.DECIMAL && right.kind() == FieldType.Kind.DECIMAL) {
            int scale = Math.max(left.scale(), right.scale());
            int integer = Math.max(left.precision() - left.scale(), right.precision() - right.scale());
            return new FieldType(FieldType.Kind.DECIMAL, Math.min(38, integer + scale), scale);
        }
        return left;
    }

    public String table()
    {
        return rule.qualifiedTable();
    }

    public List<String> keyColumns()
    {
        return rule.key().stream().map(OneSourceRules::column).toList();
    }

    /**
     * The sources whose subject key is the base's one key element as a string: for these,
     * consolidation's records per key and source also count the entry's distinct subject keys.
     */
    public List<Source> keyedSources()
    {
        if (rule.key().size() != 1 || !types.get(rule.key().get(0)).sqlType().equals("STRING")) {
            return List.of();
        }
        String element = rule.key().get(0);
        return sources.stream().filter(source -> source.fields().get(element).equals(source.entry().subjectKey().field())).toList();
    }

    public List<String> elementColumns()
    {
        return rule.elements().stream().map(element -> OneSourceRules.column(element.element())).toList();
    }
}
