package io.pdlake.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The one-number-one-source rules of schemas/one-source.yaml (Art. 15), by base database. */
public record OneSourceRules(Map<String, BaseRule> bases)
{
    public OneSourceRules
    {
        bases = Map.copyOf(requireNonNull(bases, "bases is null"));
    }

    public static OneSourceRules none()
    {
        return new OneSourceRules(Map.of());
    }

    public Optional<BaseRule> base(String name)
    {
        return Optional.ofNullable(bases.get(name));
    }

    /** The rules of one base database: its table, key elements, authority and per-element rules, in file order. */
    public record BaseRule(String name, String table, String title, String authority, List<String> key, List<ElementRule> elements, List<AuthorityOverride> overrides)
    {
        public BaseRule
        {
            requireNonNull(name, "name is null");
            requireNonNull(table, "table is null");
            requireNonNull(title, "title is null");
            requireNonNull(authority, "authority is null");
            key = List.copyOf(requireNonNull(key, "key is null"));
            elements = List.copyOf(requireNonNull(elements, "elements is null"));
            overrides = List.copyOf(requireNonNull(overrides, "overrides is null"));
        }

        /** Every element of the base, key first. */
        public List<String> allElements()
        {
            return java.util.stream.Stream.concat(key.stream(), elements.stream().map(ElementRule::element)).toList();
        }

        public Optional<ElementRule> element(String element)
        {
            return elements.stream().filter(rule -> rule.element().equals(element)).findFirst();
        }

        public String qualifiedTable()
        {
            return "base." + table;
        }
    }

    /** An element's authoritative department and the order in which others fill its gaps. */
    public record ElementRule(String element, String authority, List<String> fallback)
    {
        public ElementRule
        {
            requireNonNull(element, "element is null");
            requireNonNull(authority, "authority is null");
            fallback = List.copyOf(requireNonNull(fallback, "fallback is null"));
        }
    }

    /** For subjects whose key element starts with a prefix, another authority for every element of the base. */
    public record AuthorityOverride(String element, String prefix, String authority)
    {
        public AuthorityOverride
        {
            requireNonNull(element, "element is null");
            requireNonNull(prefix, "prefix is null");
            requireNonNull(authority, "authority is null");
        }
    }

    /** The column an element becomes in its base table: the part after the dot. */
    public static String column(String element)
    {
        return element.substring(element.indexOf('.') + 1);
    }
}
