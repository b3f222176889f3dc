package io.pdlake.calendar;

import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestWorkingCalendar
{
    private final WorkingCalendar calendar = WorkingCalendar.load(ProjectFiles.root().resolve("conf/calendar"));

    private static LocalDate date(String text)
    {
        return LocalDate.parse(text);
    }

    @Test
    void knows2024()
    {
        assertThat(calendar.isWorkingDay(date("2024-02-04"))).as("Sunday worked before Spring Festival").isTrue();
        assertThat(calendar.isWorkingDay(date("2024-02-18"))).as("Sunday worked after Spring Festival").isTrue();
        for (int day = 1; day <= 7; day++) {
            assertThat(calendar.isWorkingDay(LocalDate.of(2024, 10, day))).as("National Day 2024-10-0" + day).isFalse();
        }
        assertThat(calendar.isWorkingDay(date("2024-10-12"))).isTrue();
        assertThat(calendar.isWorkingDay(date("2024-02-09"))).as("New Year's Eve 2024 was a working Friday").isTrue();
        assertThat(calendar.isWorkingDay(date("2024-06-10"))).isFalse();
        assertThat(calendar.isWorkingDay(date("2024-06-08"))).as("an ordinary Saturday").isFalse();
    }

    @Test
    void knows2025()
    {
        assertThat(calendar.isWorkingDay(date("2025-01-26"))).isTrue();
        assertThat(calendar.isWorkingDay(date("2025-02-08"))).isTrue();
        assertThat(calendar.isWorkingDay(date("2025-01-28"))).isFalse();
        assertThat(calendar.isWorkingDay(date("2025-02-04"))).isFalse();
        assertThat(calendar.isWorkingDay(date("2025-10-08"))).isFalse();
        assertThat(calendar.isWorkingDay(date("2025-10-11"))).isTrue();
        assertThat(calendar.isWorkingDay(date("2025-04-27"))).isTrue();
    }

    @Test
    void knows2026()
    {
        assertThat(calendar.isWorkingDay(date("2026-01-02"))).isFalse();
        assertThat(calendar.isWorkingDay(date("2026-01-04"))).isTrue();
        assertThat(calendar.isWorkingDay(date("2026-02-14"))).isTrue();
        assertThat(calendar.isWorkingDay(date("2026-02-23"))).isFalse();
        assertThat(calendar.isWorkingDay(date("2026-02-28"))).isTrue();
        assertThat(calendar.isWorkingDay(date("2026-09-20"))).isTrue();
        assertThat(calendar.isWorkingDay(date("2026-10-07"))).isFalse();
        assertThat(calendar.isWorkingDay(date("2026-10-10"))).isTrue();
    }

    @Test
    void countsWorkingDaysAcrossHolidays()
    {
        // Friday 2024-09-27: next three working days are Sun 29 (make-up), Mon 30, then Tue 8 Oct
        assertThat(calendar.addWorkingDays(date("2024-09-27"), 1)).isEqualTo(date("2024-09-29"));
        assertThat(calendar.addWorkingDays(date("2024-09-27"), 3)).isEqualTo(date("2024-10-08"));
        assertThat(calendar.addWorkingDays(date("2025-12-31"), 1)).isEqualTo(date("2026-01-04"));
        assertThat(calendar.workingDaysBetween(date("2024-09-30"), date("2024-10-08"))).isEqualTo(1);
        assertThat(calendar.workingDaysBetween(date("2024-10-08"), date("2024-09-30"))).isEqualTo(-1);
        assertThat(calendar.onOrAfter(date("2026-02-15"))).isEqualTo(date("2026-02-24"));
    }

    @Test
    void refusesYearsItDoesNotHave()
    {
        assertThatThrownBy(() -> calendar.isWorkingDay(date("2023-05-04")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot tell whether 2023-05-04 is a working day: conf/calendar has no file for 2023 (it has [2024, 2025, 2026])");
        assertThatThrownBy(() -> calendar.addWorkingDays(date("2026-12-28"), 10)).hasMessageContaining("no file for 2027");
    }
}
