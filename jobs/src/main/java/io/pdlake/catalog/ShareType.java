package io.pdlake.catalog;

import java.util.Locale;
import java.util.Optional;

/** The share type (Art. 23). Written in YAML in lower case with dashes: unconditional, conditional, none. */
public enum ShareType
{
    UNCONDITIONAL,
    CONDITIONAL,
    NONE;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<ShareType> fromLabel(String label)
    {
        for (ShareType value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
