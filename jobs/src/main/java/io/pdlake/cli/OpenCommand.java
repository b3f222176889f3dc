package io.pdlake.cli;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.open.OpenDataPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "open", mixinStandardHelpOptions = true, description = "Open data (Art. 27-30).", subcommands = OpenCommand.Publish.class)
final class OpenCommand
        implements Runnable
{
    @ParentCommand
    Pdlake root;

    @Override
    public void run()
    {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Export each open, confidentiality-reviewed entry as a dated Parquet and CSV dataset with a data dictionary,",
                    "personal fields masked or removed per the catalog; every other entry is refused with its reason.",
                    "Writes under pdlake.open.location/<date>/<code>/; the same date again replaces it."})
    static final class Publish
            implements Callable<Integer>
    {
        @ParentCommand
        OpenCommand parent;

        @Option(names = "--resource", description = "Catalog code to publish; repeatable (default: every publishable entry).")
        List<String> resources = new ArrayList<>();

        @Option(names = "--date", description = "Publication date, yyyy-MM-dd (default: today).")
        LocalDate date;

        @Override
        public Integer call()
        {
            Pdlake root = parent.root;
            String location = root.config().openLocation();
            OpenDataPublisher publisher = new OpenDataPublisher(root.spark("pdlake-open-publish"), CatalogCommand.validated(root.config().schemasDirectory()),
                    root.config().catalogName(), Integer.parseInt(root.config().value("pdlake.open.files-per-dataset").orElse("1")));
            OpenDataPublisher.Result result = publisher.publish(resources, date == null ? LocalDate.now(WorkingCalendar.ZONE) : date, location, Instant.now(), root.actor());
            List<List<String>> rows = new ArrayList<>();
            result.published().forEach(dataset -> rows.add(List.of(dataset.resourceCode(), "published", dataset.rows() + " rows; masked " + dataset.masked()
                    + ", removed " + dataset.removed() + "; " + dataset.location())));
            result.refused().forEach(refusal -> rows.add(List.of(refusal.resourceCode(), "refused", refusal.reason())));
            TablePrinter.printTable(System.out, List.of("entry", "outcome", "detail"), rows);
            // naming an entry that cannot be published is an error; the full sweep just reports
            if (!resources.isEmpty() && !result.refused().isEmpty()) {
                throw new UserException(result.refused().size() + " of the named entries refused: " + result.refused().get(0).resourceCode() + ": "
                        + result.refused().get(0).reason(), 2);
            }
            return 0;
        }
    }
}
