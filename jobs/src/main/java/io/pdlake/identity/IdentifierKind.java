package io.pdlake.identity;

import java.util.Locale;

public enum IdentifierKind
{
    /** Citizen identity number, GB 11643-1999. */
    ID_NUMBER,
    /** Unified social credit code, GB 32100-2015. */
    USCC,
    UNKNOWN;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
