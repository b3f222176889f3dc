package io.pdlake.share;

import java.util.Locale;

/** A step against its working-day deadline. */
public enum SlaStatus
{
    /** Not done, and its deadline has not passed (or is not yet known). */
    PENDING,
    /** Done on or before its deadline. */
    ON_TIME,
    /** Not done, and its deadline has passed. */
    OVERDUE,
    /** Done, but after its deadline. */
    LATE,
    /** The request does not need this step: unconditional, or refused before it. */
    NOT_REQUIRED;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
