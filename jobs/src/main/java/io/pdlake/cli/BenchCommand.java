package io.pdlake.cli;

import io.pdlake.bench.BenchReport;
import io.pdlake.bench.Benchmark;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.quality.DutyChange;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the pipeline on generated feeds: per-stage wall time and rows/s, the floor (feeds -> Parquet, no logic),",
                "a 1%% incremental batch and a tiny one (0.01%%: the cost that does not shrink with the batch), per-row cost at N",
                "and at --scale times N, and the driver's peak heap.",
                "Each size runs in a fresh lake under --work; the report (report.md, report.json) goes to --out."})
final class BenchCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--rows", required = true, description = "Feed rows at the first size.")
    long rows;

    @Option(names = "--scale", defaultValue = "10", description = "Also run at this many times --rows, for the scaling ratio; 1 to skip (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--out", defaultValue = "out/bench", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--work", defaultValue = "target/bench", description = "Scratch lakes and feeds, cleared per size (default: ${DEFAULT-VALUE}).")
    Path work;

    // a plain flag: picocli's negatable form of a true-by-default option left it true
    @Option(names = "--no-trino", description = "Skip the analyst queries on a Trino over the largest size's lake (they need 'bin/trino setup').")
    boolean noTrino;

    @Override
    public Integer call()
    {
        if (scale < 1) {
            throw new UserException("--scale must be 1 or more", 2);
        }
        ResourceCatalog catalog = CatalogCommand.validated(root.config().schemasDirectory());
        Path home = root.config().home();
        SparkSession spark = root.spark("pdlake-bench");
        Benchmark benchmark = new Benchmark(spark, root.config(), catalog, root.calendar(), DutyChange.load(root.config().schemasDirectory().resolve("duty-changes.yaml")),
                root.config().schemasDirectory().resolve("thematic"), home.resolve(work).toAbsolutePath().normalize(), System.out::println);
        Instant started = Instant.now();
        List<Benchmark.SizeResult> sizes = new ArrayList<>();
        sizes.add(benchmark.run(rows, !noTrino && scale == 1));
        if (scale > 1) {
            sizes.add(benchmark.run(rows * scale, !noTrino));
        }
        String master = spark.sparkContext().master();
        // with executors in their own JVMs (bin/cluster-bench) this process is the driver alone
        String machine = BenchReport.describeMachine() + (master.startsWith("local")
                ? ""
                : ", Spark master " + master + " (executors in their own JVMs: heap and CPU seconds are the driver's alone)");
        BenchReport report = new BenchReport(started, machine, Runtime.getRuntime().maxMemory(), sizes);
        Path directory = home.resolve(out).toAbsolutePath().normalize();
        report.write(directory);
        System.out.println();
        System.out.println(report.markdown());
        System.out.printf("report written: %s and %s%n", directory.resolve("report.md"), directory.resolve("report.json"));
        if (!report.disagreements().isEmpty()) {
            throw new UserException("the benchmark's counts disagree: " + report.disagreements().get(0), 1);
        }
        return 0;
    }
}
