package io.pdlake.cli;

import io.pdlake.lake.LakeConfig;
import io.pdlake.orchestration.JobRuns;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;

class TestRunCommand
{
    private static final String RUN_ID = "pdlake_ingest_only-resume";

    @TempDir
    Path directory;

    private record Result(int status, String out, String err) {}

    @Test
    void rerunWithTheRunIdSkipsTheJobsThatSucceededAndRetriesTheOneThatFailed()
            throws IOException
    {
        TestingLake.Lake lake = TestingLake.create(directory);
        // a home of our own, on the lake's approved storage, whose descriptors the test may break
        Path home = directory.resolve("home");
        for (String folder : List.of("orchestration", "conf", "schemas")) {
            ProjectFiles.copyTree(ProjectFiles.root().resolve(folder), home.resolve(folder));
        }
        Path consolidate = home.resolve("orchestration/jobs/consolidate.yaml");
        String descriptor = Files.readString(consolidate);
        Files.writeString(consolidate, descriptor.replace("arguments: [consolidate]", "arguments: [consolidate, --incremental]"));

        Result failed = run(lake, home, "run", "--pipeline", "pdlake_ingest_only", "--run-id", RUN_ID);

        assertThat(failed.status()).isEqualTo(1);
        assertThat(failed.out()).contains("[run] catalog_load  succeeded", "[run] ingest        succeeded", "[run] consolidate   FAILED");
        assertThat(failed.err()).contains("Unknown option: '--incremental'",
                format("pdlake: error: job consolidate failed in run %s: exit status 2; fix it and rerun with --run-id %s to resume", RUN_ID, RUN_ID));
        assertThat(jobRuns(lake)).containsExactly("catalog_load 1 succeeded", "ingest 1 succeeded", "consolidate 1 failed exit status 2");

        Files.writeString(consolidate, descriptor);
        Result resumed = run(lake, home, "run", "--pipeline", "pdlake_ingest_only", "--run-id", RUN_ID);

        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains(
                format("run %s: pipeline pdlake_ingest_only, 3 jobs (2 already done)", RUN_ID),
                "[run] catalog_load  skipped: succeeded earlier in this run",
                "[run] ingest        skipped: succeeded earlier in this run",
                "[run] consolidate   started (attempt 2): pdlake consolidate",
                "[run] consolidate   succeeded",
                format("run %s succeeded", RUN_ID));
        assertThat(jobRuns(lake)).containsExactly("catalog_load 1 succeeded", "ingest 1 succeeded", "consolidate 1 failed exit status 2", "consolidate 2 succeeded");
    }

    private static List<String> jobRuns(TestingLake.Lake lake)
    {
        List<String> runs = new ArrayList<>();
        for (Row row : lake.spark().sql(format("SELECT job, attempt, status, error FROM %s WHERE run_id = '%s' ORDER BY started_at, attempt", JobRuns.TABLE, RUN_ID))
                .collectAsList()) {
            runs.add(format("%s %s %s%s", row.getString(0), row.getInt(1), row.getString(2), row.isNullAt(3) ? "" : " " + row.getString(3)));
        }
        return runs;
    }

    /** Runs pdlake in this JVM on the test lake's session, which the command finds as the active one and must not stop. */
    private static synchronized Result run(TestingLake.Lake lake, Path home, String... arguments)
    {
        List<String> all = new ArrayList<>(List.of("--home", home.toString(),
                "--conf", LakeConfig.CATALOG_URI + "=" + lake.config().catalogUri(),
                "--conf", LakeConfig.WAREHOUSE + "=" + lake.config().warehouse(),
                "--conf", LakeConfig.LANDING_DIR + "=" + lake.landing(),
                "--conf", LakeConfig.STORAGE_ALLOWED + "=" + lake.config().required(LakeConfig.STORAGE_ALLOWED)));
        all.addAll(List.of(arguments));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        // the thread's active session decides SQLConf.get (date types among others) for every later
        // test in this JVM: put back the one that was active, never leave none
        scala.Option<SparkSession> previous = SparkSession.getActiveSession();
        SparkSession.setActiveSession(lake.spark());
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int status = Pdlake.execute(new Pdlake(), all.toArray(String[]::new));
            return new Result(status, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        }
        finally {
            System.setOut(out);
            System.setErr(err);
            if (previous.isDefined()) {
                SparkSession.setActiveSession(previous.get());
            }
            else {
                SparkSession.clearActiveSession();
            }
        }
    }
}
