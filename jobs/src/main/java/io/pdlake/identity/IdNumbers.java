package io.pdlake.identity;

import io.pdlake.quality.ReasonCode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;

import static io.pdlake.identity.IdentifierKind.ID_NUMBER;
import static java.util.Objects.requireNonNull;

/**
 * Citizen identity numbers after GB 11643-1999: six-digit region code, eight-digit birth date,
 * three-digit sequence and a check character over the first seventeen digits.
 */
public final class IdNumbers
{
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);

    private IdNumbers() {}

    /** The check character for the first seventeen digits of an ID number. */
    public static char checkCharacter(CharSequence firstSeventeen)
    {
        requireNonNull(firstSeventeen, "firstSeventeen is null");
        if (firstSeventeen.length() < 17) {
            throw new IllegalArgumentException("Cannot compute an ID number check character from fewer than 17 digits: " + firstSeventeen);
        }
        int sum = 0;
        for (int index = 0; index < 17; index++) {
            char digit = firstSeventeen.charAt(index);
            if (digit < '0' || digit > '9') {
                throw new IllegalArgumentException("Cannot compute an ID number check character over a non-digit: " + firstSeventeen);
            }
            sum += (digit - '0') * WEIGHTS[index];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    public static IdentifierCheck check(String raw)
    {
        return check(raw, LocalDate.now());
    }

    /**
     * Standardises (half-width, trimmed, upper-case X), upgrades a 15-digit legacy number to 18
     * digits, then checks format, region, birth date (not after {@code today}) and check character.
     */
    public static IdentifierCheck check(String raw, LocalDate today)
    {
        String value = Text.standardize(raw).toUpperCase(Locale.ROOT);
        if (value.isEmpty()) {
            return IdentifierCheck.invalid(ID_NUMBER, value, ReasonCode.ID_NUMBER_MISSING);
        }
        if (value.length() == 15 && allDigits(value, 15)) {
            String body = value.substring(0, 6) + "19" + value.substring(6);
            value = body + checkCharacter(body);
        }
        if (value.length() != 18 || !allDigits(value, 17) || !(Character.isDigit(value.charAt(17)) || value.charAt(17) == 'X')) {
            return IdentifierCheck.invalid(ID_NUMBER, value, ReasonCode.ID_NUMBER_FORMAT);
        }
        if (value.charAt(0) == '0' || value.charAt(0) == '9') {
            return IdentifierCheck.invalid(ID_NUMBER, value, ReasonCode.ID_NUMBER_REGION);
        }
        if (!plausibleBirthDate(value, today)) {
            return IdentifierCheck.invalid(ID_NUMBER, value, ReasonCode.ID_NUMBER_BIRTH_DATE);
        }
        if (checkCharacter(value) != value.charAt(17)) {
            return IdentifierCheck.invalid(ID_NUMBER, value, ReasonCode.ID_NUMBER_CHECK_DIGIT);
        }
        return IdentifierCheck.valid(ID_NUMBER, value);
    }

    /** The birth date of a valid 18-digit ID number. */
    public static LocalDate birthDate(String idNumber)
    {
        return LocalDate.of(
                Integer.parseInt(idNumber.substring(6, 10)),
                Integer.parseInt(idNumber.substring(10, 12)),
                Integer.parseInt(idNumber.substring(12, 14)));
    }

    private static boolean plausibleBirthDate(String value, LocalDate today)
    {
        try {
            LocalDate birth = birthDate(value);
            return !birth.isBefore(EARLIEST_BIRTH) && !birth.isAfter(today);
        }
        catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean allDigits(String value, int count)
    {
        for (int index = 0; index < count; index++) {
            char character = value.charAt(index);
            if (character < '0' || character > '9') {
                return false;
            }
        }
        return true;
    }
}
