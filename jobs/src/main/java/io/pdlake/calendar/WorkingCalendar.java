package io.pdlake.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The Chinese working-day calendar: weekdays work and weekends rest, except the statutory days
 * off and the make-up working days (调休) the State Council publishes each year. A date in a year
 * the calendar lacks is an error, never a weekends-only guess. Plain Java.
 */
public final class WorkingCalendar
        implements Serializable
{
    /** The city's time zone: every calendar date the platform computes is a date in Xingtai. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Set<Integer> years;
    private final Set<LocalDate> daysOff;
    private final Set<LocalDate> workingWeekendDays;

    private WorkingCalendar(Set<Integer> years, Set<LocalDate> daysOff, Set<LocalDate> workingWeekendDays)
    {
        this.years = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(years));
        this.daysOff = Set.copyOf(daysOff);
        this.workingWeekendDays = Set.copyOf(workingWeekendDays);
    }

    /** Reads every {@code <year>.yaml} in a directory such as conf/calendar. */
    public static WorkingCalendar load(Path directory)
    {
        requireNonNull(directory, "directory is null");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Set<Integer> years = new TreeSet<>();
        Set<LocalDate> daysOff = new HashSet<>();
        Set<LocalDate> working = new HashSet<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(path -> path.getFileName().toString().matches("\\d{4}\\.yaml")).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list the calendar directory " + directory, e);
        }
        for (Path file : files) {
            try {
                JsonNode root = yaml.readTree(file.toFile());
                int year = root.path("year").asInt();
                if (!file.getFileName().toString().equals(year + ".yaml")) {
                    throw new IllegalArgumentException(format("Calendar file %s says year %s", file, root.path("year").asText()));
                }
                years.add(year);
                for (JsonNode range : root.path("days_off")) {
                    LocalDate from = date(file, range.path("from").asText());
                    LocalDate to = date(file, range.path("to").asText());
                    if (to.isBefore(from) || from.getYear() != year || to.getYear() != year) {
                        throw new IllegalArgumentException(format("Calendar file %s has a bad range %s to %s", file, from, to));
                    }
                    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                        daysOff.add(day);
                    }
                }
                for (JsonNode day : root.path("working_days")) {
                    LocalDate date = date(file, day.asText());
                    if (!isWeekend(date)) {
                        throw new IllegalArgumentException(format("Calendar file %s lists %s as a make-up working day, but it is a weekday", file, date));
                    }
                    working.add(date);
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot read calendar file " + file, e);
            }
        }
        if (years.isEmpty()) {
            throw new IllegalArgumentException("No calendar years under " + directory);
        }
        return new WorkingCalendar(years, daysOff, working);
    }

    private static LocalDate date(Path file, String text)
    {
        try {
            return LocalDate.parse(text);
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException(format("Calendar file %s has a bad date: %s", file, text), e);
        }
    }

    public Set<Integer> years()
    {
        return years;
    }

    public boolean isWorkingDay(LocalDate date)
    {
        requireNonNull(date, "date is null");
        if (!years.contains(date.getYear())) {
            throw new IllegalArgumentException(format("Cannot tell whether %s is a working day: conf/calendar has no file for %s (it has %s)", date, date.getYear(), years));
        }
        if (daysOff.contains(date)) {
            return false;
        }
        return !isWeekend(date) || workingWeekendDays.contains(date);
    }

    /** The working day {@code count} working days after {@code start} (start itself not counted). */
    public LocalDate addWorkingDays(LocalDate start, int count)
    {
        requireNonNull(start, "start is null");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        LocalDate day = start;
        int remaining = count;
        while (remaining > 0) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                remaining--;
            }
        }
        return day;
    }

    /** {@code date} if it is a working day, else the next one. */
    public LocalDate onOrAfter(LocalDate date)
    {
        LocalDate day = date;
        while (!isWorkingDay(day)) {
            day = day.plusDays(1);
        }
        return day;
    }

    /** Working days after {@code from} up to and including {@code to}; negative when {@code to} is earlier. */
    public int workingDaysBetween(LocalDate from, LocalDate to)
    {
        if (to.isBefore(from)) {
            return -workingDaysBetween(to, from);
        }
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }

    private static boolean isWeekend(LocalDate date)
    {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
