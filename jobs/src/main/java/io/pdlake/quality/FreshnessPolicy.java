package io.pdlake.quality;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.UpdateCycle;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Freshness against an entry's update cycle (Art. 20), on the working-day calendar.
 *
 * <p>The next delivery is due: real-time, a configured number of hours after the last; daily, on
 * the next working day after the day of the last delivery; weekly, monthly, quarterly,
 * semi-annual and annual, one period after that day, moved to the next working day if it falls on
 * a day off. On the evaluation date a feed is fresh before its due date, due on it, overdue after
 * it. Score: 100 while fresh or due; overdue, 100 × (1 − working days late ÷ allowance), at least
 * 0, where the allowance is the cycle's length in working days (daily and weekly 5, monthly 21,
 * quarterly 63, semi-annual 125, annual 250); real-time loses 100 points per 24 hours late; never
 * delivered scores 0. Irregular entries are listed, not scored.
 */
public final class FreshnessPolicy
{

    private final WorkingCalendar calendar;
    private final Duration realTimeAllowance;

    public FreshnessPolicy(WorkingCalendar calendar, Duration realTimeAllowance)
    {
        this.calendar = requireNonNull(calendar, "calendar is null");
        this.realTimeAllowance = requireNonNull(realTimeAllowance, "realTimeAllowance is null");
        if (realTimeAllowance.isNegative() || realTimeAllowance.isZero()) {
            throw new IllegalArgumentException("real-time allowance must be positive: " + realTimeAllowance);
        }
    }

    public FreshnessAssessment assess(UpdateCycle cycle, Optional<Instant> lastDelivery, Instant evaluatedAt)
    {
        requireNonNull(cycle, "cycle is null");
        requireNonNull(lastDelivery, "lastDelivery is null");
        LocalDate today = LocalDate.ofInstant(evaluatedAt, WorkingCalendar.ZONE);
        // fails clearly when the calendar lacks the evaluation year
        calendar.isWorkingDay(today);
        if (cycle == UpdateCycle.IRREGULAR) {
            return new FreshnessAssessment(FreshnessStatus.IRREGULAR, lastDelivery, Optional.empty(), 0, 0, Optional.empty());
        }
        if (lastDelivery.isEmpty()) {
            return new FreshnessAssessment(FreshnessStatus.NEVER_DELIVERED, lastDelivery, Optional.empty(), 0, 0, Optional.of(0.0));
        }
        Instant last = lastDelivery.get();
        if (cycle == UpdateCycle.REAL_TIME) {
            Instant due = last.plus(realTimeAllowance);
            LocalDate dueDate = LocalDate.ofInstant(due, WorkingCalendar.ZONE);
            if (!evaluatedAt.isAfter(due)) {
                return new FreshnessAssessment(FreshnessStatus.FRESH, lastDelivery, Optional.of(dueDate), 0, 0, Optional.of(100.0));
            }
            double hoursLate = Duration.between(due, evaluatedAt).toMinutes() / 60.0;
            double score = Math.max(0, 100 - 100 * hoursLate / 24);
            return new FreshnessAssessment(FreshnessStatus.OVERDUE, lastDelivery, Optional.of(dueDate), (int) ChronoUnit.DAYS.between(dueDate, today),
                    Math.max(0, calendar.workingDaysBetween(dueDate, today)), Optional.of(round(score)));
        }
        LocalDate lastDay = LocalDate.ofInstant(last, WorkingCalendar.ZONE);
        LocalDate due = due(cycle, lastDay, today);
        if (today.isBefore(due)) {
            return new FreshnessAssessment(FreshnessStatus.FRESH, lastDelivery, Optional.of(due), 0, 0, Optional.of(100.0));
        }
        if (today.isEqual(due)) {
            return new FreshnessAssessment(FreshnessStatus.DUE, lastDelivery, Optional.of(due), 0, 0, Optional.of(100.0));
        }
        int workingDaysLate = calendar.workingDaysBetween(due, today);
        double score = Math.max(0, 100.0 * (1 - (double) workingDaysLate / allowance(cycle)));
        return new FreshnessAssessment(FreshnessStatus.OVERDUE, lastDelivery, Optional.of(due), (int) ChronoUnit.DAYS.between(due, today), workingDaysLate,
                Optional.of(round(score)));
    }

    private LocalDate due(UpdateCycle cycle, LocalDate lastDay, LocalDate today)
    {
        if (cycle == UpdateCycle.DAILY) {
            return calendar.addWorkingDays(lastDay, 1);
        }
        LocalDate nominal = switch (cycle) {
            case WEEKLY -> lastDay.plusWeeks(1);
            case MONTHLY -> lastDay.plusMonths(1);
            case QUARTERLY -> lastDay.plusMonths(3);
            case SEMI_ANNUAL -> lastDay.plusMonths(6);
            case ANNUAL -> lastDay.plusYears(1);
            case DAILY, REAL_TIME, IRREGULAR -> throw new IllegalStateException("no period for " + cycle);
        };
        // a due date in a year the calendar does not have yet is still comfortably after today
        if (!calendar.years().contains(nominal.getYear()) && today.isBefore(nominal.withDayOfYear(1))) {
            return nominal;
        }
        return calendar.onOrAfter(nominal);
    }

    static int allowance(UpdateCycle cycle)
    {
        return switch (cycle) {
            case REAL_TIME, DAILY, WEEKLY -> 5;
            case MONTHLY -> 21;
            case QUARTERLY -> 63;
            case SEMI_ANNUAL -> 125;
            case ANNUAL -> 250;
            case IRREGULAR -> throw new IllegalArgumentException("irregular entries have no allowance");
        };
    }

    static double round(double value)
    {
        return Math.round(value * 100) / 100.0;
    }
}
