package io.pdlake.catalog;

import java.util.Locale;
import java.util.Optional;

/** The open type (Art. 29). Written in YAML in lower case with dashes: unconditional, conditional, none. */
public enum OpenType
{
    UNCONDITIONAL,
    CONDITIONAL,
    NONE;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<OpenType> fromLabel(String label)
    {
        for (OpenType value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
