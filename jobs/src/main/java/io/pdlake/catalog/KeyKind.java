package io.pdlake.catalog;

import java.util.Locale;
import java.util.Optional;

/** The kind of subject key. Written in YAML in lower case with dashes: id-number, uscc, other. */
public enum KeyKind
{
    ID_NUMBER,
    USCC,
    OTHER;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<KeyKind> fromLabel(String label)
    {
        for (KeyKind value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
