package io.pdlake.catalog;

import java.util.Locale;
import java.util.Optional;

/** The base database an entry feeds (Art. 18). Written in YAML in lower case with dashes: person, legal-entity, spatial, license, credit, none. */
public enum BaseDatabase
{
    PERSON,
    LEGAL_ENTITY,
    SPATIAL,
    LICENSE,
    CREDIT,
    NONE;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<BaseDatabase> fromLabel(String label)
    {
        for (BaseDatabase value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
