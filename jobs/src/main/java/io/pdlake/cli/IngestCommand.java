package io.pdlake.cli;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.ingest.IngestJob;
import io.pdlake.ingest.IngestSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Ingest every new batch under the landing root into raw.<table>, rejects into quality.rejects,",
                "and per-file accounting into meta.feed_batches. Batches already ingested are skipped."})
final class IngestCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Override
    public Integer call()
    {
        List<IngestSummary> summaries = run(root);
        long read = summaries.stream().mapToLong(IngestSummary::rowsRead).sum();
        long accepted = summaries.stream().mapToLong(IngestSummary::rowsAccepted).sum();
        long rejected = summaries.stream().mapToLong(IngestSummary::rowsRejected).sum();
        System.out.printf("ingest: %s entries, %,d rows read, %,d accepted, %,d rejected%n", summaries.size(), read, accepted, rejected);
        return 0;
    }

    static List<IngestSummary> run(Pdlake root)
    {
        ResourceCatalog catalog = CatalogCommand.validated(root.config().schemasDirectory());
        return new IngestJob(root.spark("pdlake-ingest"), catalog, root.config().landingDirectory(), Clock.systemUTC(), System.out::println).run();
    }
}
