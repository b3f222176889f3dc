package io.pdlake.cli;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.consolidate.ConsolidationSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "consolidate", mixinStandardHelpOptions = true,
        description = {"One number, one source: merge raw records into base.person, base.legal_entity, base.license,",
                "base.credit and base.spatial; disagreements go to quality.conflicts. Reads only raw snapshots",
                "added since the last run, unless --full."})
final class ConsolidateCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--full", description = "Rebuild every base table from all of raw.")
    boolean full;

    @Override
    public Integer call()
    {
        List<ConsolidationSummary> summaries = run(root, full);
        long changed = summaries.stream().mapToLong(ConsolidationSummary::changedRows).sum();
        System.out.printf("consolidate: %s base tables, %,d rows changed%n", summaries.size(), changed);
        return 0;
    }

    static List<ConsolidationSummary> run(Pdlake root, boolean full)
    {
        ResourceCatalog catalog = CatalogCommand.validated(root.config().schemasDirectory());
        return new ConsolidateJob(root.spark("pdlake-consolidate"), catalog, root.config().catalogName(), Clock.systemUTC(), System.out::println)
                .withLookupKeys(root.config().lookupKeys())
                .withParallelism(root.config().parallelism("consolidate"))
                .run(full);
    }
}
