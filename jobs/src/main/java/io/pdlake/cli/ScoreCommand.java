package io.pdlake.cli;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.lake.LakeConfig;
import io.pdlake.quality.DutyChange;
import io.pdlake.quality.FreshnessPolicy;
import io.pdlake.quality.ScoreJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score every catalog entry and department: freshness against the update cycle on the working-day",
                "calendar, the six GB/T 36344 quality dimensions, overdue rectifications and catalog upkeep.",
                "Appends to quality.metrics, quality.freshness, quality.scorecard, quality.rectification, quality.catalog_upkeep."})
final class ScoreCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--as-of", description = "Evaluate as of this local time, yyyy-MM-ddTHH:mm:ss (default: now).")
    LocalDateTime asOf;

    @Override
    public Integer call()
    {
        run(root, asOf == null ? Instant.now() : asOf.atZone(WorkingCalendar.ZONE).toInstant());
        return 0;
    }

    static ScoreJob.Result run(Pdlake root, Instant evaluatedAt)
    {
        LakeConfig config = root.config();
        ResourceCatalog catalog = CatalogCommand.validated(config.schemasDirectory());
        WorkingCalendar calendar = root.calendar();
        Duration realTime = Duration.ofMinutes(Math.round(60 * Double.parseDouble(config.value("pdlake.freshness.real-time-hours").orElse("2"))));
        return new ScoreJob(root.spark("pdlake-score"), catalog, calendar, new FreshnessPolicy(calendar, realTime),
                DutyChange.load(config.schemasDirectory().resolve("duty-changes.yaml")), System.out::println).run(evaluatedAt);
    }
}
