package io.pdlake.quality;

import java.util.Locale;

/** Where a feed stands against its update cycle on an evaluation date. */
public enum FreshnessStatus
{
    FRESH, DUE, OVERDUE, NEVER_DELIVERED, IRREGULAR;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
