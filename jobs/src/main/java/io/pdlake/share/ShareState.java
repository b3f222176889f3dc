package io.pdlake.share;

import java.util.Locale;

/** Where a share request stands. */
public enum ShareState
{
    AWAITING_REVIEW,
    AWAITING_REPLY,
    AWAITING_DELIVERY,
    DELIVERED,
    REFUSED,
    REVOKED;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
