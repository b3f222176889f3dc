package io.pdlake.catalog;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One data item of a catalog entry. {@code column} is the header (or JSON key, or Parquet column)
 * in the department's feed; {@code name} is the column in the lake. {@code future} marks a date that
 * may lie ahead (an expiry date); any other date later than the day of ingest is rejected.
 */
public record CatalogField(
        String name,
        String column,
        FieldType type,
        Optional<String> element,
        boolean required,
        SensitiveClass sensitive,
        boolean authoritative,
        Optional<Integer> maxLength,
        boolean future)
{
    public CatalogField
    {
        requireNonNull(name, "name is null");
        requireNonNull(column, "column is null");
        requireNonNull(type, "type is null");
        requireNonNull(element, "element is null");
        requireNonNull(sensitive, "sensitive is null");
        requireNonNull(maxLength, "maxLength is null");
    }
}
