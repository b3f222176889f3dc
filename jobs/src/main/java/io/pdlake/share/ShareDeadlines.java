package io.pdlake.share;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.ShareType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The working-day deadlines of Art. 24, counted from the day each step starts ("自收到申请之日起",
 * the day of receipt itself not counted): an unconditional request is delivered within 3 working
 * days; a conditional one is reviewed by the bureau within 3, answered by the provider within 5 of
 * the review, and delivered within 3 of the reply. A step done on its due date is on time.
 */
public final class ShareDeadlines
{
    public static final int UNCONDITIONAL_DELIVERY_DAYS = 3;
    public static final int REVIEW_DAYS = 3;
    public static final int REPLY_DAYS = 5;
    public static final int DELIVERY_AFTER_REPLY_DAYS = 3;

    private final WorkingCalendar calendar;

    public ShareDeadlines(WorkingCalendar calendar)
    {
        this.calendar = requireNonNull(calendar, "calendar is null");
    }

    public List<StepDeadline> steps(ShareRequest request, LocalDate asOf)
    {
        requireNonNull(request, "request is null");
        requireNonNull(asOf, "asOf is null");
        LocalDate submitted = date(request.submittedAt());
        Optional<LocalDate> delivered = request.deliveredAt().map(ShareDeadlines::date);
        if (request.shareType() == ShareType.UNCONDITIONAL) {
            return List.of(
                    notRequired(ShareStep.REVIEW),
                    notRequired(ShareStep.REPLY),
                    step(ShareStep.DELIVERY, Optional.of(calendar.addWorkingDays(submitted, UNCONDITIONAL_DELIVERY_DAYS)), delivered, asOf));
        }
        Optional<LocalDate> reviewed = request.review().map(decision -> date(decision.at()));
        StepDeadline review = step(ShareStep.REVIEW, Optional.of(calendar.addWorkingDays(submitted, REVIEW_DAYS)), reviewed, asOf);
        if (request.review().map(decision -> !decision.approved()).orElse(false)) {
            return List.of(review, notRequired(ShareStep.REPLY), notRequired(ShareStep.DELIVERY));
        }
        Optional<LocalDate> replied = request.reply().map(decision -> date(decision.at()));
        StepDeadline reply = step(ShareStep.REPLY, reviewed.map(day -> calendar.addWorkingDays(day, REPLY_DAYS)), replied, asOf);
        if (request.reply().map(decision -> !decision.approved()).orElse(false)) {
            return List.of(review, reply, notRequired(ShareStep.DELIVERY));
        }
        StepDeadline delivery = step(ShareStep.DELIVERY, replied.map(day -> calendar.addWorkingDays(day, DELIVERY_AFTER_REPLY_DAYS)), delivered, asOf);
        return List.of(review, reply, delivery);
    }

    /** True when any step is overdue now or was done late. */
    public boolean breached(ShareRequest request, LocalDate asOf)
    {
        return steps(request, asOf).stream().anyMatch(step -> step.status() == SlaStatus.OVERDUE || step.status() == SlaStatus.LATE);
    }

    private static StepDeadline step(ShareStep step, Optional<LocalDate> due, Optional<LocalDate> done, LocalDate asOf)
    {
        SlaStatus status;
        if (done.isPresent()) {
            status = due.isPresent() && done.get().isAfter(due.get()) ? SlaStatus.LATE : SlaStatus.ON_TIME;
        }
        else {
            status = due.isPresent() && asOf.isAfter(due.get()) ? SlaStatus.OVERDUE : SlaStatus.PENDING;
        }
        return new StepDeadline(step, due, done, status);
    }

    private static StepDeadline notRequired(ShareStep step)
    {
        return new StepDeadline(step, Optional.empty(), Optional.empty(), SlaStatus.NOT_REQUIRED);
    }

    static LocalDate date(Instant instant)
    {
        return LocalDate.ofInstant(instant, WorkingCalendar.ZONE);
    }
}
