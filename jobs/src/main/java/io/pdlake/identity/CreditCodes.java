package io.pdlake.identity;

import io.pdlake.quality.ReasonCode;

import java.util.Locale;

import static io.pdlake.identity.IdentifierKind.USCC;
import static java.util.Objects.requireNonNull;

/**
 * Unified social credit codes after GB 32100-2015: registration authority, entity type, six-digit
 * region code, nine-character organisation code (GB 11714, with its own check character) and a
 * check character over the first seventeen.
 */
public final class CreditCodes
{
    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] ORGANIZATION_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    private CreditCodes() {}

    /** The GB 32100 check character for the first seventeen characters of a credit code. */
    public static char checkCharacter(CharSequence firstSeventeen)
    {
        requireNonNull(firstSeventeen, "firstSeventeen is null");
        if (firstSeventeen.length() < 17) {
            throw new IllegalArgumentException("Cannot compute a credit code check character from fewer than 17 characters: " + firstSeventeen);
        }
        int sum = 0;
        for (int index = 0; index < 17; index++) {
            int value = ALPHABET.indexOf(firstSeventeen.charAt(index));
            if (value < 0) {
                throw new IllegalArgumentException("Cannot compute a credit code check character over a character outside the alphabet: " + firstSeventeen);
            }
            sum += value * WEIGHTS[index];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    /** The GB 11714 check character for the eight-character body of an organisation code. */
    public static char organizationCheckCharacter(CharSequence body)
    {
        requireNonNull(body, "body is null");
        if (body.length() < 8) {
            throw new IllegalArgumentException("Cannot compute an organisation code check character from fewer than 8 characters: " + body);
        }
        int sum = 0;
        for (int index = 0; index < 8; index++) {
            int value = organizationValue(body.charAt(index));
            if (value < 0) {
                throw new IllegalArgumentException("Cannot compute an organisation code check character over: " + body);
            }
            sum += value * ORGANIZATION_WEIGHTS[index];
        }
        int check = 11 - sum % 11;
        if (check == 10) {
            return 'X';
        }
        return check == 11 ? '0' : (char) ('0' + check);
    }

    public static IdentifierCheck check(String raw)
    {
        String value = Text.standardize(raw).toUpperCase(Locale.ROOT);
        if (value.isEmpty()) {
            return IdentifierCheck.invalid(USCC, value, ReasonCode.USCC_MISSING);
        }
        if (value.length() != 18) {
            return IdentifierCheck.invalid(USCC, value, ReasonCode.USCC_FORMAT);
        }
        for (int index = 0; index < 18; index++) {
            if (ALPHABET.indexOf(value.charAt(index)) < 0) {
                return IdentifierCheck.invalid(USCC, value, ReasonCode.USCC_FORMAT);
            }
        }
        for (int index = 2; index < 8; index++) {
            if (!Character.isDigit(value.charAt(index))) {
                return IdentifierCheck.invalid(USCC, value, ReasonCode.USCC_FORMAT);
            }
        }
        if (checkCharacter(value) != value.charAt(17)) {
            return IdentifierCheck.invalid(USCC, value, ReasonCode.USCC_CHECK_DIGIT);
        }
        if (organizationCheckCharacter(value.substring(8, 16)) != value.charAt(16)) {
            return IdentifierCheck.invalid(USCC, value, ReasonCode.USCC_ORG_CODE_CHECK_DIGIT);
        }
        return IdentifierCheck.valid(USCC, value);
    }

    private static int organizationValue(char character)
    {
        if (character >= '0' && character <= '9') {
            return character - '0';
        }
        if (character >= 'A' && character <= 'Z') {
            return character - 'A' + 10;
        }
        return -1;
    }
}
