package io.pdlake.catalog;

import java.util.Locale;
import java.util.Optional;

/** How often an entry's feed is updated (Art. 12, 20). Written in YAML as real-time, daily, weekly, monthly, quarterly, semi-annual, annual, irregular. */
public enum UpdateCycle
{
    REAL_TIME,
    DAILY,
    WEEKLY,
    MONTHLY,
    QUARTERLY,
    SEMI_ANNUAL,
    ANNUAL,
    IRREGULAR;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<UpdateCycle> fromLabel(String label)
    {
        for (UpdateCycle value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
