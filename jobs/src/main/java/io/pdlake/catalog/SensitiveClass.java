package io.pdlake.catalog;

import java.util.Locale;
import java.util.Optional;

/** The sensitivity class of a field. Written in YAML in lower case with dashes: none, personal, sensitive-personal, confidential-business. */
public enum SensitiveClass
{
    NONE,
    PERSONAL,
    SENSITIVE_PERSONAL,
    CONFIDENTIAL_BUSINESS;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SensitiveClass> fromLabel(String label)
    {
        for (SensitiveClass value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
