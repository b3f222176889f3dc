package io.pdlake.share;

import java.util.Locale;

/** The steps of Art. 24: the bureau's review, the provider's reply, the delivery of the data. */
public enum ShareStep
{
    REVIEW,
    REPLY,
    DELIVERY;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
