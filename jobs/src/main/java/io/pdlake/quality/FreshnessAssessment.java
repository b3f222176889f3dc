package io.pdlake.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One entry's freshness on one date: its last delivery, when the next was due, how late it is in
 * calendar and working days, and a 0-100 score (empty for irregular entries, which are not scored).
 */
public record FreshnessAssessment(
        FreshnessStatus status,
        Optional<Instant> lastDelivery,
        Optional<LocalDate> nextDue,
        int calendarDaysLate,
        int workingDaysLate,
        Optional<Double> score)
{
    public FreshnessAssessment
    {
        requireNonNull(status, "status is null");
        requireNonNull(lastDelivery, "lastDelivery is null");
        requireNonNull(nextDue, "nextDue is null");
        requireNonNull(score, "score is null");
    }
}
