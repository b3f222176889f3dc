package io.pdlake.catalog;

import java.util.Locale;
import java.util.Optional;

/** The kind of provider. Written in YAML in lower case with dashes: gov, public-service, vertical. */
public enum DepartmentKind
{
    GOV,
    PUBLIC_SERVICE,
    VERTICAL;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<DepartmentKind> fromLabel(String label)
    {
        for (DepartmentKind value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
