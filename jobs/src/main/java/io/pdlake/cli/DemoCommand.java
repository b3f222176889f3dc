package io.pdlake.cli;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.lake.LakeTables;
import io.pdlake.sample.SampleGenerator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static java.lang.String.format;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate sample feeds and run every pipeline stage on the embedded default,",
                "then print where the results are and a short summary."})
final class DemoCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--rows", defaultValue = "20000", description = "Feed rows across all entries (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--seed", defaultValue = "20261127", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call()
    {
        long started = System.nanoTime();
        ResourceCatalog catalog = CatalogCommand.validated(root.config().schemasDirectory());
        System.out.printf("1/3 catalog: %s entries from %s departments valid%n", catalog.entries().size(), catalog.departments().size());

        Path landing = Path.of(URI.create(root.config().landingDirectory()));
        SampleGenerator.Written written = SampleCommand.generate(root, rows, seed, 0.05, 0.05, landing);
        System.out.printf("2/3 sample feeds: %,d rows (%,d dirty) in %s files under %s%n", written.rows(), written.dirtyRows(), written.files(), landing);

        SparkSession spark = root.spark("pdlake-demo");
        System.out.println("3/3 the daily pipeline (orchestration/pipelines/pdlake_daily.yaml) through the local runner:");
        RunCommand.run(root, "pdlake_daily", null);
        java.nio.file.Path scorecard = root.config().home().resolve("out/scorecard/index.html");
        String scorecardSummary = new io.pdlake.scorecard.ScorecardReport(spark, catalog).write(scorecard.getParent()).summary();

        Row totals = spark.sql(format("SELECT count(*), sum(rows_read), sum(rows_accepted), sum(rows_rejected) FROM %s", LakeTables.FEED_BATCHES)).first();
        List<Row> reasons = spark.sql(format("SELECT reason_code, count(*) AS n FROM %s GROUP BY reason_code ORDER BY n DESC, reason_code", LakeTables.REJECTS))
                .collectAsList();
        List<String> reasonText = new ArrayList<>();
        reasons.forEach(row -> reasonText.add(row.getString(0) + "=" + row.getLong(1)));

        System.out.println();
        System.out.println(scorecardSummary);
        System.out.printf("done in %.0f s; the lake now holds:%n", (System.nanoTime() - started) / 1e9);
        System.out.printf("  files %s, rows read %,d = accepted %,d + rejected %,d%n", totals.getLong(0), totals.getLong(1), totals.getLong(2), totals.getLong(3));
        System.out.printf("  rejects by reason: %s%n", String.join(", ", reasonText));
        List<String> bases = new ArrayList<>();
        for (String table : List.of("base.person", "base.legal_entity", "base.license", "base.credit", "base.spatial")) {
            if (spark.catalog().tableExists(table)) {
                Row counts = spark.sql(format("SELECT count(*), count_if(NOT confirmed) FROM %s", table)).first();
                bases.add(format("%s %,d (%,d unconfirmed)", table, counts.getLong(0), counts.getLong(1)));
            }
        }
        System.out.printf("  base tables: %s%n", String.join(", ", bases));
        System.out.printf("  conflicts for providers to verify: %,d; multi-head collection findings: %,d%n",
                spark.table("quality.conflicts").count(), spark.table("quality.multi_head_collection").count());
        String open = root.config().openLocation();
        System.out.printf("  open datasets (Parquet, CSV, dictionary.json) under %s: %,d exports in meta.audit_log%n", open,
                spark.sql("SELECT count(*) FROM meta.audit_log WHERE action = 'export'").first().getLong(0));
        System.out.printf("  catalog: %s  warehouse: %s%n", root.config().catalogUri(), root.config().warehouse());
        System.out.printf("  scorecard for bureau staff: %s (and scorecard.csv, scorecard.json)%n", scorecard);
        System.out.println("Look at the results with, for example:");
        System.out.println("  bin/pdlake sql \"SELECT run_id, job, status, elapsed_seconds, rows_written FROM meta.job_runs ORDER BY started_at\"");
        System.out.println("  bin/pdlake sql \"SELECT * FROM meta.feed_batches\"");
        System.out.println("  bin/pdlake sql \"SELECT reason_code, source_file, source_line, message FROM quality.rejects LIMIT 20\"");
        System.out.println("  bin/pdlake sql \"SELECT * FROM raw.enterprise_registration LIMIT 10\"");
        System.out.println("  bin/pdlake sql \"SELECT id_number, name, confirmed, lineage['name'] FROM base.person LIMIT 10\"");
        System.out.println("  bin/pdlake sql \"SELECT element, authoritative_value, other_value, other_department FROM quality.conflicts LIMIT 10\"");
        return 0;
    }
}
