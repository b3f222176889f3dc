package io.pdlake.cli;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.identity.IdentifierCheck;
import io.pdlake.identity.Identifiers;
import io.pdlake.identity.LookupKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/** Gives out the lookup key of an identifier that Trino shows masked; needs the lake's secret, not Spark. */
@Command(name = "lookup-key", mixinStandardHelpOptions = true,
        description = {"Print the lookup key of citizen ID numbers, to find a person in Trino where id_number is masked:",
                "  SELECT ... FROM base.person WHERE lookup_key = 'KEY'",
                "Prints per value: the value, its normalised form and its key (HMAC-SHA256 under the lake secret, pdlake.lookup.secret-file).",
                "Exit 0 only if every value is a valid identifier; an invalid one gets its reason code instead of a key."})
final class LookupKeyCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Parameters(arity = "1..*", paramLabel = "VALUE", description = "Identifiers to give keys for.")
    List<String> values;

    @Override
    public Integer call()
    {
        LookupKeys keys = root.config().lookupKeys();
        LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
        boolean allValid = true;
        for (String value : values) {
            IdentifierCheck check = Identifiers.check(value, today);
            allValid &= check.isValid();
            System.out.printf("%s\t%s\t%s%n", value, check.normalized(), check.isValid() ? keys.key(check.normalized()) : check.problem().map(Enum::name).orElse("invalid"));
        }
        return allValid ? 0 : 1;
    }
}
