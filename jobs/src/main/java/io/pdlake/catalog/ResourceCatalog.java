package io.pdlake.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** The validated resource catalog: departments, entries and the one-number-one-source rules. */
public record ResourceCatalog(List<Department> departments, List<CatalogEntry> entries, OneSourceRules oneSource)
{
    public ResourceCatalog
    {
        departments = List.copyOf(requireNonNull(departments, "departments is null"));
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
        requireNonNull(oneSource, "oneSource is null");
    }

    public ResourceCatalog(List<Department> departments, List<CatalogEntry> entries)
    {
        this(departments, entries, OneSourceRules.none());
    }

    /** Reads and validates the catalog under {@code schemasDirectory}; throws with every problem found. */
    public static ResourceCatalog load(Path schemasDirectory)
    {
        CatalogReader.Result result = new CatalogReader().read(schemasDirectory);
        if (!result.problems().isEmpty()) {
            throw new CatalogException(result.problems());
        }
        return result.catalog();
    }

    public Map<String, Department> departmentsByCode()
    {
        return departments.stream().collect(Collectors.toUnmodifiableMap(Department::code, Function.identity()));
    }

    public Optional<CatalogEntry> entry(String code)
    {
        return entries.stream().filter(entry -> entry.code().equals(code)).findFirst();
    }

    /** The entry whose feed lands under {@code landing/<region>/<department>/<table>/}. */
    public Optional<CatalogEntry> entryForFeed(String region, String department, String table)
    {
        return entries.stream()
                .filter(entry -> entry.region().equals(region) && entry.department().equals(department) && entry.table().equals(table))
                .findFirst();
    }
}
