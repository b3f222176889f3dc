package io.pdlake.share;

import java.time.LocalDate;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One step of a request: its due date (once its start is known), when it was done, and its status. */
public record StepDeadline(ShareStep step, Optional<LocalDate> due, Optional<LocalDate> done, SlaStatus status)
{
    public StepDeadline
    {
        requireNonNull(step, "step is null");
        requireNonNull(due, "due is null");
        requireNonNull(done, "done is null");
        requireNonNull(status, "status is null");
    }

    /** For a person: "on-time (due 2026-11-05, done 2026-11-04)". */
    public String describe()
    {
        if (status == SlaStatus.NOT_REQUIRED) {
            return status.label();
        }
        StringBuilder text = new StringBuilder(status.label());
        text.append(" (due ").append(due.map(LocalDate::toString).orElse("after the previous step"));
        done.ifPresent(date -> text.append(", done ").append(date));
        return text.append(')').toString();
    }
}
