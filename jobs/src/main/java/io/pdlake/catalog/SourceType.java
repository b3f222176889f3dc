package io.pdlake.catalog;

import java.util.Locale;
import java.util.Optional;

/** The how the provider obtained the data (Art. 16-17). Written in YAML in lower case with dashes: collected, purchased, vertical. */
public enum SourceType
{
    COLLECTED,
    PURCHASED,
    VERTICAL;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SourceType> fromLabel(String label)
    {
        for (SourceType value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
