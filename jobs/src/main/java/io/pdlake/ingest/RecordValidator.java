package io.pdlake.ingest;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.FieldType;
import io.pdlake.identity.CreditCodes;
import io.pdlake.identity.IdNumbers;
import io.pdlake.identity.IdentifierCheck;
import io.pdlake.identity.Text;
import io.pdlake.quality.ReasonCode;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Standardises and checks one row's values against its feed layout: trim and full-width to
 * half-width for every value, upper case for codes and identifiers, 15-digit ID numbers to 18,
 * check characters for identifiers, parsing by type. Plain Java, so it runs in any executor.
 */
public final class RecordValidator
        implements Serializable
{
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ofPattern("uuuu-M-d").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu/M/d").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu.M.d").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu年M月d日").withResolverStyle(ResolverStyle.STRICT));
    private static final List<DateTimeFormatter> TIMESTAMP_FORMATS = List.of(
            DateTimeFormatter.ofPattern("uuuu-M-d H:m:s").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu-M-d'T'H:m:s").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu/M/d H:m:s").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu-M-d H:m:s.SSS").withResolverStyle(ResolverStyle.STRICT));

    private final FeedLayout layout;
    private final LocalDate today;

    /** A row's typed values in layout order, or why it was rejected. */
    public record Outcome(Object[] values, Optional<Rejection> rejection)
    {
        public boolean accepted()
        {
            return rejection.isEmpty();
        }
    }

    public RecordValidator(FeedLayout layout, LocalDate today)
    {
        this.layout = requireNonNull(layout, "layout is null");
        this.today = requireNonNull(today, "today is null");
    }

    /**
     * Validates values given in layout order; a null value means the feed had no such column.
     * {@code location} (file and line) starts every message; its text is made only for a
     * rejection, as most rows pass.
     */
    public Outcome validate(List<String> rawValues, Supplier<String> location)
    {
        Object[] values = new Object[layout.fields().size()];
        // the key first: a row without a valid subject key is rejected for that, whatever else is wrong
        Optional<Rejection> keyProblem = validateField(layout.keyIndex(), rawValues, values, location);
        if (keyProblem.isPresent()) {
            return new Outcome(values, keyProblem);
        }
        for (int index = 0; index < values.length; index++) {
            if (index == layout.keyIndex()) {
                continue;
            }
            Optional<Rejection> problem = validateField(index, rawValues, values, location);
            if (problem.isPresent()) {
                return new Outcome(values, problem);
            }
        }
        return new Outcome(values, Optional.empty());
    }

    private Optional<Rejection> validateField(int index, List<String> rawValues, Object[] values, Supplier<String> location)
    {
        FeedLayout.FieldSpec field = layout.fields().get(index);
        String raw = index < rawValues.size() ? rawValues.get(index) : null;
        if (raw != null && hasControlCharacter(raw)) {
            return Optional.of(reject(ReasonCode.CONTROL_CHARACTER, field, location, printable(raw)));
        }
        String value = Text.standardize(raw);
        boolean isKey = index == layout.keyIndex();
        FieldType.Kind kind = field.type().kind();
        if (value.isEmpty()) {
            if (isKey) {
                ReasonCode reason = switch (layout.keyKind()) {
                    case ID_NUMBER -> ReasonCode.ID_NUMBER_MISSING;
                    case USCC -> ReasonCode.USCC_MISSING;
                    case OTHER -> ReasonCode.KEY_MISSING;
                };
                return Optional.of(reject(reason, field, location, null));
            }
            if (field.required()) {
                return Optional.of(reject(ReasonCode.REQUIRED_MISSING, field, location, null));
            }
            values[index] = null;
            return Optional.empty();
        }
        try {
            Object parsed = switch (kind) {
                case STRING -> value;
                case CODE -> value.toUpperCase(Locale.ROOT);
                case ID_NUMBER -> identifier(IdNumbers.check(value, today));
                case USCC -> identifier(CreditCodes.check(value));
                case INTEGER -> Long.parseLong(value.replace(",", ""));
                case DECIMAL -> decimal(value, field.type());
                case DATE -> notFuture(date(value), field, today);
                case TIMESTAMP -> notFuture(timestamp(value), field, today);
                case BOOLEAN -> bool(value);
            };
            if (parsed instanceof String text && field.maxLength() > 0 && text.codePointCount(0, text.length()) > field.maxLength()) {
                return Optional.of(reject(ReasonCode.VALUE_TOO_LONG, field, location, value));
            }
            values[index] = parsed;
            return Optional.empty();
        }
        catch (InvalidValue e) {
            return Optional.of(reject(e.reason, field, location, value));
        }
        catch (NumberFormatException e) {
            return Optional.of(reject(ReasonCode.BAD_INTEGER, field, location, value));
        }
    }

    private Rejection reject(ReasonCode reason, FeedLayout.FieldSpec field, Supplier<String> location, String value)
    {
        String shown = value == null ? "" : ": " + (field.isSensitive() ? Masking.mask(value) : value);
        String message = format("%s, field %s (%s): %s%s", location.get(), field.column(), field.name(), reason.description(), shown);
        return new Rejection(reason, Optional.of(field.name()), message);
    }

    private static String identifier(IdentifierCheck check)
    {
        if (check.problem().isPresent()) {
            throw new InvalidValue(check.problem().get());
        }
        return check.normalized();
    }

    private static BigDecimal decimal(String value, FieldType type)
    {
        try {
            BigDecimal number = new BigDecimal(value.replace(",", ""));
            if (number.scale() > type.scale()) {
                BigDecimal rounded = number.setScale(type.scale(), RoundingMode.HALF_UP);
                if (rounded.compareTo(number) != 0) {
                    throw new InvalidValue(ReasonCode.BAD_DECIMAL);
                }
                number = rounded;
            }
            number = number.setScale(type.scale(), RoundingMode.UNNECESSARY);
            if (number.precision() > type.precision()) {
                throw new InvalidValue(ReasonCode.BAD_DECIMAL);
            }
            return number;
        }
        catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidValue(ReasonCode.BAD_DECIMAL);
        }
    }

    static LocalDate date(String value)
    {
        for (DateTimeFormatter formatter : DATE_FORMATS) {
            try {
                LocalDate date = LocalDate.parse(value, formatter);
                if (date.getYear() >= 1800 && date.getYear() <= 2999) {
                    return date;
                }
            }
            catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        throw new InvalidValue(ReasonCode.BAD_DATE);
    }

    static Instant timestamp(String value)
    {
        for (DateTimeFormatter formatter : TIMESTAMP_FORMATS) {
            try {
                return LocalDateTime.parse(value, formatter).atZone(WorkingCalendar.ZONE).toInstant();
            }
            catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        try {
            return date(value).atStartOfDay(WorkingCalendar.ZONE).toInstant();
        }
        catch (InvalidValue e) {
            throw new InvalidValue(ReasonCode.BAD_TIMESTAMP);
        }
    }

    /** A date after the day of ingest, or a time after the next day (clocks and zones differ), unless the field may lie ahead. */
    private static LocalDate notFuture(LocalDate date, FeedLayout.FieldSpec field, LocalDate today)
    {
        if (!field.future() && date.isAfter(today)) {
            throw new InvalidValue(ReasonCode.DATE_IN_FUTURE);
        }
        return date;
    }

    private static Instant notFuture(Instant instant, FeedLayout.FieldSpec field, LocalDate today)
    {
        if (!field.future() && LocalDate.ofInstant(instant, WorkingCalendar.ZONE).isAfter(today.plusDays(1))) {
            throw new InvalidValue(ReasonCode.DATE_IN_FUTURE);
        }
        return instant;
    }

    /** C0 controls but tab and line breaks (which quoted CSV fields may hold), DEL and C1 controls: binary data, not text. */
    static boolean hasControlCharacter(String value)
    {
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if ((character < 0x20 && character != '\t' && character != '\n' && character != '\r') || (character >= 0x7F && character <= 0x9F)) {
                return true;
            }
        }
        return false;
    }

    /** The value with its control characters written as U+XXXX, so the message stays one readable line. */
    private static String printable(String value)
    {
        StringBuilder builder = new StringBuilder();
        for (int index = 0; index < value.length() && builder.length() < 200; index++) {
            char character = value.charAt(index);
            if (character < 0x20 || (character >= 0x7F && character <= 0x9F)) {
                builder.append(format("U+%04X", (int) character));
            }
            else {
                builder.append(character);
            }
        }
        return builder.toString();
    }

    private static Boolean bool(String value)
    {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "y", "yes", "是" -> true;
            case "false", "0", "n", "no", "否" -> false;
            default -> throw new InvalidValue(ReasonCode.BAD_BOOLEAN);
        };
    }

    private static final class InvalidValue
            extends RuntimeException
    {
        private final ReasonCode reason;

        InvalidValue(ReasonCode reason)
        {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }
}
