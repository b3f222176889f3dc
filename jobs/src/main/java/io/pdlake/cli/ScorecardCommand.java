package io.pdlake.cli;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.scorecard.ScorecardReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "scorecard", mixinStandardHelpOptions = true,
        description = {"Write the bureau's scorecard from the latest scoring run: a self-contained HTML report with",
                "ranking, dimensions, overdue feeds, trends and drill-down, plus CSV and JSON; print a short summary."})
final class ScorecardCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--out", description = "Directory for index.html, scorecard.csv and scorecard.json (default: out/scorecard).")
    Path out;

    @Override
    public Integer call()
    {
        ScorecardReport.Written written = run(root, out);
        System.out.println(written.summary());
        System.out.printf("scorecard written: %s (also %s, %s)%n", written.html(), written.csv().getFileName(), written.json().getFileName());
        return 0;
    }

    static ScorecardReport.Written run(Pdlake root, Path out)
    {
        ResourceCatalog catalog = CatalogCommand.validated(root.config().schemasDirectory());
        Path directory = out != null ? out : root.config().home().resolve("out/scorecard");
        return new ScorecardReport(root.spark("pdlake-scorecard"), catalog).write(directory);
    }
}
