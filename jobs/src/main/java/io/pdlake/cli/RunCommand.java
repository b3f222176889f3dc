package io.pdlake.cli;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.orchestration.JobDescriptor;
import io.pdlake.orchestration.JobRuns;
import io.pdlake.orchestration.Orchestration;
import io.pdlake.orchestration.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import static java.lang.String.format;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a pipeline's jobs locally in dependency order, in one Spark session, for people without Airflow.",
                "Every job is recorded in meta.job_runs; a rerun with the same --run-id skips the jobs that succeeded."})
final class RunCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--pipeline", defaultValue = "pdlake_daily", description = "Pipeline under orchestration/pipelines (default: ${DEFAULT-VALUE}).")
    String pipelineName;

    @Option(names = "--run-id", description = "Run id; reuse one to resume a failed run (default: the pipeline and the time).")
    String runId;

    @Override
    public Integer call()
    {
        return run(root, pipelineName, runId);
    }

    static int run(Pdlake root, String pipelineName, String requestedRunId)
    {
        Orchestration orchestration = OrchestrationCommand.read(root);
        if (!orchestration.problems().isEmpty()) {
            throw new UserException("orchestration has problems; run 'pdlake orchestration validate'", 2);
        }
        Pipeline pipeline = orchestration.pipelines().get(pipelineName);
        if (pipeline == null) {
            throw new UserException(format("unknown pipeline %s (known: %s)", pipelineName, String.join(", ", orchestration.pipelines().keySet())), 2);
        }
        String runId = requestedRunId != null ? requestedRunId : pipelineName + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        ResourceCatalog catalog = CatalogCommand.validated(root.config().schemasDirectory());
        JobRuns runs = new JobRuns(root.spark("pdlake-run"));
        Set<String> done = runs.succeeded(runId);
        List<JobDescriptor> jobs = orchestration.order(pipeline);
        System.out.printf("run %s: pipeline %s, %s jobs%s%n", runId, pipelineName, jobs.size(), done.isEmpty() ? "" : format(" (%s already done)", done.size()));
        List<String> summary = new ArrayList<>();
        long started = System.nanoTime();
        for (JobDescriptor job : jobs) {
            if (done.contains(job.job())) {
                System.out.printf("[run] %-13s skipped: succeeded earlier in this run%n", job.job());
                summary.add(format("%-13s skipped", job.job()));
                continue;
            }
            int attempt = runs.attempts(runId, job.job()) + 1;
            System.out.printf("[run] %-13s started (attempt %s): pdlake %s%n", job.job(), attempt, String.join(" ", job.arguments()));
            Instant jobStarted = Instant.now();
            Throwable failure = null;
            int status;
            try {
                CommandLine commandLine = new CommandLine(root);
                commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
                    throw exception;
                });
                status = commandLine.execute(job.arguments().toArray(String[]::new));
            }
            catch (RuntimeException e) {
                failure = e;
                status = 1;
            }
            Instant jobFinished = Instant.now();
            long rows = runs.rowsWrittenSince(tables(job, catalog), jobStarted);
            double seconds = (jobFinished.toEpochMilli() - jobStarted.toEpochMilli()) / 1000.0;
            if (status != 0) {
                String error = failure == null ? "exit status " + status : Pdlake.oneLine(failure);
                runs.record(runId, pipelineName, job.job(), attempt, JobRuns.FAILED, jobStarted, jobFinished, rows, error);
                System.out.printf("[run] %-13s FAILED after %.1f s: %s%n", job.job(), seconds, error);
                throw new UserException(format("job %s failed in run %s: %s; fix it and rerun with --run-id %s to resume", job.job(), runId, error, runId), 1);
            }
            runs.record(runId, pipelineName, job.job(), attempt, JobRuns.SUCCEEDED, jobStarted, jobFinished, rows, null);
            System.out.printf("[run] %-13s succeeded in %.1f s, %,d rows written%n", job.job(), seconds, rows);
            summary.add(format("%-13s %7.1f s %,12d rows", job.job(), seconds, rows));
        }
        System.out.printf("run %s succeeded in %.1f s:%n", runId, (System.nanoTime() - started) / 1e9);
        summary.forEach(line -> System.out.println("  " + line));
        return 0;
    }

    /** The job's output tables, raw.* expanded to every catalog entry's raw table. */
    private static List<String> tables(JobDescriptor job, ResourceCatalog catalog)
    {
        List<String> tables = new ArrayList<>();
        for (String output : job.outputs()) {
            if (output.equals("raw.*")) {
                catalog.entries().stream().map(CatalogEntry::rawTable).forEach(tables::add);
            }
            else if (output.matches("[a-z]+\\.[a-z0-9_]+")) {
                tables.add(output);
            }
        }
        return tables;
    }
}
