package io.pdlake.identity;

import io.pdlake.quality.ReasonCode;

import java.time.LocalDate;
import java.util.Locale;

/** Tells an ID number from a credit code when the kind is not known, as for a code typed by hand. */
public final class Identifiers
{
    private Identifiers() {}

    public static IdentifierCheck check(String raw, LocalDate today)
    {
        String value = Text.standardize(raw).toUpperCase(Locale.ROOT);
        if (value.matches("\\d{15}|\\d{17}[\\dX]")) {
            IdentifierCheck asIdNumber = IdNumbers.check(value, today);
            if (!asIdNumber.isValid() && value.length() == 18) {
                IdentifierCheck asCreditCode = CreditCodes.check(value);
                if (asCreditCode.isValid()) {
                    return asCreditCode;
                }
            }
            return asIdNumber;
        }
        if (value.length() == 18) {
            return CreditCodes.check(value);
        }
        return IdentifierCheck.invalid(IdentifierKind.UNKNOWN, value, value.isEmpty() ? ReasonCode.KEY_MISSING : ReasonCode.IDENTIFIER_UNRECOGNIZED);
    }
}
