package io.pdlake.cli;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.sample.SampleGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Write deterministic sample feeds for every catalog entry into a landing layout.",
                "The same --rows and --seed give byte-identical files."})
final class SampleCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--rows", defaultValue = "2000", description = "Feed rows across all entries (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--seed", defaultValue = "20261127", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Landing root to write under (default: the profile's pdlake.landing.dir).")
    Path out;

    @Option(names = "--dirty-rate", defaultValue = "0.05", description = "Share of rows made dirty (default: ${DEFAULT-VALUE}).")
    double dirtyRate;

    @Option(names = "--dirt", paramLabel = "KIND=WEIGHT",
            description = {"Relative weight of one kind of dirt among the dirty rows; repeatable (every kind 1 unless given, 0 leaves it out).",
                    "Kinds: ${COMPLETION-CANDIDATES}."})
    Map<SampleGenerator.Dirt, Double> dirtWeights = new EnumMap<>(SampleGenerator.Dirt.class);

    @Option(names = "--conflict-rate", defaultValue = "0.05", description = "Share of non-authoritative values that disagree (default: ${DEFAULT-VALUE}).")
    double conflictRate;

    @Option(names = "--changes", paramLabel = "DATE",
            description = {"Write only a later batch of this date (yyyy-MM-dd) with new versions of --share of the subjects that",
                    "the feeds of the same --rows, --seed and rates carried: an incremental load, as pdlake bench sends."})
    LocalDate changes;

    @Option(names = "--share", defaultValue = "0.01", description = "With --changes, the share of subjects changed (default: ${DEFAULT-VALUE}).")
    double share;

    @Override
    public Integer call()
    {
        Path target = out != null ? out : Path.of(java.net.URI.create(root.config().landingDirectory()));
        SampleGenerator.Written written;
        try {
            SampleGenerator.Options options = new SampleGenerator.Options(rows, seed, dirtyRate, conflictRate, dirtWeights);
            written = changes == null
                    ? generate(root, options, target)
                    : new SampleGenerator(CatalogCommand.validated(root.config().schemasDirectory()), options).writeChanges(target, changes, share);
        }
        catch (IllegalArgumentException e) {
            throw new UserException("sample: " + e.getMessage(), 2);
        }
        System.out.printf("sample: %,d rows (%,d dirty) in %s files under %s%n", written.rows(), written.dirtyRows(), written.files(), target);
        return 0;
    }

    static SampleGenerator.Written generate(Pdlake root, int rows, long seed, double dirtyRate, double conflictRate, Path target)
    {
        return generate(root, new SampleGenerator.Options(rows, seed, dirtyRate, conflictRate), target);
    }

    static SampleGenerator.Written generate(Pdlake root, SampleGenerator.Options options, Path target)
    {
        ResourceCatalog catalog = CatalogCommand.validated(root.config().schemasDirectory());
        return new SampleGenerator(catalog, options).write(target);
    }
}
