package io.pdlake.consolidate;

import static java.util.Objects.requireNonNull;

/** What one consolidation did for one base database. */
public record ConsolidationSummary(String base, boolean full, long newObservations, long affectedSubjects, long changedRows, long conflicts)
{
    public ConsolidationSummary
    {
        requireNonNull(base, "base is null");
    }
}
