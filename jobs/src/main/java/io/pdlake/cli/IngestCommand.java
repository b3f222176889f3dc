package io.pdlake.cli;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.ingest.IngestJob;
import io.pdlake.ingest.IngestSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Ingest every new batch under the landing root into raw.<table>, rejects into quality.rejects,",
                "and per-file accounting into meta.feed_batches. Batches already ingested are skipped."})
final class IngestCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--department", description = "Only this department's batches; repeatable (default: every department).")
    List<String> departments = new ArrayList<>();

    @Override
    public Integer call()
    {
        ResourceCatalog catalog = CatalogCommand.validated(root.config().schemasDirectory());
        for (String department : departments) {
            if (catalog.departments().stream().noneMatch(known -> known.code().equals(department))) {
                throw new UserException("unknown department " + department + " (schemas/departments.yaml)", 2);
            }
        }
        List<IngestSummary> summaries = new IngestJob(root.spark("pdlake-ingest"), catalog, root.config().landingDirectory(), Clock.systemUTC(), System.out::println)
                .forDepartments(Set.copyOf(departments))
                .withParallelism(root.config().parallelism("ingest"))
                .run();
        long read = summaries.stream().mapToLong(IngestSummary::rowsRead).sum();
        long accepted = summaries.stream().mapToLong(IngestSummary::rowsAccepted).sum();
        long rejected = summaries.stream().mapToLong(IngestSummary::rowsRejected).sum();
        System.out.printf("ingest: %s entries, %,d rows read, %,d accepted, %,d rejected%n", summaries.size(), read, accepted, rejected);
        return 0;
    }
}
