package io.pdlake.catalog;

import java.time.LocalDate;

import static java.util.Objects.requireNonNull;

/**
 * The recorded confidentiality review (保密审查) an entry needs before it may be published as open
 * data (Art. 28): when, by whom, under which reference.
 */
public record OpenReview(LocalDate date, String reviewer, String reference)
{
    public OpenReview
    {
        requireNonNull(date, "date is null");
        requireNonNull(reviewer, "reviewer is null");
        requireNonNull(reference, "reference is null");
    }
}
