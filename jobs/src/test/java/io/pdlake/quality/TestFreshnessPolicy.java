package io.pdlake.quality;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.UpdateCycle;
import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestFreshnessPolicy
{
    private final FreshnessPolicy policy = new FreshnessPolicy(WorkingCalendar.load(ProjectFiles.root().resolve("conf/calendar")), Duration.ofHours(2));

    private static Instant at(String dateTime)
    {
        return LocalDateTime.parse(dateTime).atZone(WorkingCalendar.ZONE).toInstant();
    }

    private FreshnessAssessment assess(UpdateCycle cycle, String last, String now)
    {
        return policy.assess(cycle, Optional.ofNullable(last).map(TestFreshnessPolicy::at), at(now));
    }

    @Test
    void dailyAcrossNationalDay()
    {
        // delivered Monday 2024-09-30; next working day is Tuesday 8 October
        FreshnessAssessment fresh = assess(UpdateCycle.DAILY, "2024-09-30T18:00:00", "2024-10-07T09:00:00");
        assertThat(fresh.status()).isEqualTo(FreshnessStatus.FRESH);
        assertThat(fresh.nextDue()).contains(LocalDate.parse("2024-10-08"));
        FreshnessAssessment due = assess(UpdateCycle.DAILY, "2024-09-30T18:00:00", "2024-10-08T09:00:00");
        assertThat(due.status()).isEqualTo(FreshnessStatus.DUE);
        assertThat(due.score()).contains(100.0);
        // Saturday 12 October is a make-up working day
        FreshnessAssessment late = assess(UpdateCycle.DAILY, "2024-09-30T18:00:00", "2024-10-12T09:00:00");
        assertThat(late.status()).isEqualTo(FreshnessStatus.OVERDUE);
        assertThat(late.calendarDaysLate()).isEqualTo(4);
        assertThat(late.workingDaysLate()).isEqualTo(4);
        assertThat(late.score()).contains(20.0);
    }

    @Test
    void dailyOverAWeekendAndMakeUpDay()
    {
        // Friday 2026-02-13 delivery: Saturday 14 February 2026 is a make-up working day
        assertThat(assess(UpdateCycle.DAILY, "2026-02-13T10:00:00", "2026-02-14T10:00:00").status()).isEqualTo(FreshnessStatus.DUE);
        assertThat(assess(UpdateCycle.DAILY, "2026-02-14T10:00:00", "2026-02-20T10:00:00").nextDue()).contains(LocalDate.parse("2026-02-24"));
    }

    @Test
    void monthlyAcrossMonthEndsAndLeapDays()
    {
        // 31 January + 1 month is 29 February 2024 (leap year), a Thursday
        assertThat(assess(UpdateCycle.MONTHLY, "2024-01-31T10:00:00", "2024-02-20T10:00:00").nextDue()).contains(LocalDate.parse("2024-02-29"));
        // 31 January 2025 + 1 month is 28 February 2025, a Friday
        assertThat(assess(UpdateCycle.MONTHLY, "2025-01-31T10:00:00", "2025-02-20T10:00:00").nextDue()).contains(LocalDate.parse("2025-02-28"));
        // 29 February 2024 + 1 year is 28 February 2025
        assertThat(assess(UpdateCycle.ANNUAL, "2024-02-29T10:00:00", "2024-12-20T10:00:00").nextDue()).contains(LocalDate.parse("2025-02-28"));
        FreshnessAssessment late = assess(UpdateCycle.MONTHLY, "2024-08-31T10:00:00", "2024-10-31T10:00:00");
        assertThat(late.nextDue()).contains(LocalDate.parse("2024-09-30"));
        assertThat(late.status()).isEqualTo(FreshnessStatus.OVERDUE);
        assertThat(late.calendarDaysLate()).isEqualTo(31);
        // 1 October to 31 October 2024: 23 calendar weekdays, minus 5 holiday weekdays, plus 1 make-up Saturday (12th)
        assertThat(late.workingDaysLate()).isEqualTo(19);
        assertThat(late.score()).contains(9.52);
    }

    @Test
    void weeklyQuarterlyAndSemiAnnualLandOnWorkingDays()
    {
        // 2025-09-24 + 1 week = 1 October 2025, a holiday: due on Thursday 9 October
        assertThat(assess(UpdateCycle.WEEKLY, "2025-09-24T10:00:00", "2025-09-25T10:00:00").nextDue()).contains(LocalDate.parse("2025-10-09"));
        // 2025-11-01 + 3 months = Sunday 1 February 2026: due Monday 2 February
        assertThat(assess(UpdateCycle.QUARTERLY, "2025-11-01T10:00:00", "2025-12-01T10:00:00").nextDue()).contains(LocalDate.parse("2026-02-02"));
        // 2025-08-15 + 6 months = Sunday 15 February 2026, in the Spring Festival break: due 24 February
        assertThat(assess(UpdateCycle.SEMI_ANNUAL, "2025-08-15T10:00:00", "2025-12-01T10:00:00").nextDue()).contains(LocalDate.parse("2026-02-24"));
    }

    @Test
    void realTimeNeverDeliveredAndIrregular()
    {
        assertThat(assess(UpdateCycle.REAL_TIME, "2026-11-02T10:00:00", "2026-11-02T11:30:00").status()).isEqualTo(FreshnessStatus.FRESH);
        FreshnessAssessment late = assess(UpdateCycle.REAL_TIME, "2026-11-02T10:00:00", "2026-11-02T18:00:00");
        assertThat(late.status()).isEqualTo(FreshnessStatus.OVERDUE);
        assertThat(late.score()).contains(75.0);
        assertThat(assess(UpdateCycle.MONTHLY, null, "2026-11-02T10:00:00").status()).isEqualTo(FreshnessStatus.NEVER_DELIVERED);
        assertThat(assess(UpdateCycle.MONTHLY, null, "2026-11-02T10:00:00").score()).contains(0.0);
        assertThat(assess(UpdateCycle.IRREGULAR, "2026-01-02T10:00:00", "2026-11-02T10:00:00").score()).isEmpty();
    }

    @Test
    void annualDueInAYearTheCalendarLacksIsStillFresh()
    {
        FreshnessAssessment fresh = assess(UpdateCycle.ANNUAL, "2026-11-02T10:00:00", "2026-11-27T10:00:00");
        assertThat(fresh.status()).isEqualTo(FreshnessStatus.FRESH);
        assertThat(fresh.nextDue()).contains(LocalDate.parse("2027-11-02"));
        assertThatThrownBy(() -> assess(UpdateCycle.DAILY, "2023-11-02T10:00:00", "2023-11-27T10:00:00"))
                .hasMessageContaining("conf/calendar has no file for 2023");
    }
}
