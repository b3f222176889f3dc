package io.pdlake.cli;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.identity.IdentifierCheck;
import io.pdlake.identity.Identifiers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/** Checks identifiers typed by hand; no Spark. */
@Command(name = "check-id", mixinStandardHelpOptions = true,
        description = {"Check citizen ID numbers (GB 11643) and unified social credit codes (GB 32100).",
                "Prints per value: kind, 'valid' or the reason code, and the normalised form. Exit 0 only if all are valid."})
final class CheckIdCommand
        implements Callable<Integer>
{
    @Parameters(arity = "1..*", paramLabel = "VALUE", description = "Identifiers to check.")
    List<String> values;

    @Override
    public Integer call()
    {
        boolean allValid = true;
        LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
        for (String value : values) {
            IdentifierCheck check = Identifiers.check(value, today);
            allValid &= check.isValid();
            System.out.printf("%s\t%s\t%s\t%s%n", value, check.kind().label(), check.problem().map(Enum::name).orElse("valid"), check.normalized());
        }
        return allValid ? 0 : 1;
    }
}
