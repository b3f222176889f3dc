package io.pdlake.orchestration;

import io.pdlake.lake.LakeTables;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * meta.job_runs: every job of every {@code pdlake run}, so a run can be resumed and its history
 * queried. Airflow's tasks call each job's own subcommand, not {@code pdlake run}, so their runs
 * are not here: Airflow keeps that history in its own database.
 */
public final class JobRuns
{
    public static final String TABLE = "meta.job_runs";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private final SparkSession spark;

    public JobRuns(SparkSession spark)
    {
        this.spark = requireNonNull(spark, "spark is null");
        LakeTables.ensureSystemTables(spark);
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  run_id STRING, pipeline STRING, job STRING, attempt INT, status STRING COMMENT 'succeeded or failed',
                  started_at TIMESTAMP, finished_at TIMESTAMP, elapsed_seconds DOUBLE, rows_written BIGINT, error STRING)
                USING iceberg COMMENT 'Jobs run by pdlake run; Airflow runs the jobs directly and keeps their history itself' TBLPROPERTIES (%s)""", TABLE, LakeTables.TABLE_PROPERTIES_SQL));
    }

    public Set<String> succeeded(String runId)
    {
        return spark.sql(format("SELECT DISTINCT job FROM %s WHERE run_id = %s AND status = '%s'", TABLE, LakeTables.literal(runId), SUCCEEDED))
                .as(Encoders.STRING()).collectAsList().stream().collect(Collectors.toSet());
    }

    public int attempts(String runId, String job)
    {
        return (int) spark.sql(format("SELECT count(*) FROM %s WHERE run_id = %s AND job = %s", TABLE, LakeTables.literal(runId), LakeTables.literal(job))).first().getLong(0);
    }

    public void record(String runId, String pipeline, String job, int attempt, String status, Instant started, Instant finished, long rows, String error)
    {
        LakeTables.append(spark.createDataFrame(List.of(RowFactory.create(runId, pipeline, job, attempt, status, started, finished,
                (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0, rows, error)), spark.table(TABLE).schema()), TABLE);
    }

    /** Rows appended to the tables since a time, from their Iceberg snapshot summaries. */
    public long rowsWrittenSince(List<String> tables, Instant since)
    {
        long rows = 0;
        for (String table : tables) {
            if (!spark.catalog().tableExists(table)) {
                continue;
            }
            rows += spark.sql(format("SELECT coalesce(sum(CAST(summary['added-records'] AS BIGINT)), 0) FROM %s.snapshots WHERE committed_at >= timestamp_millis(%s)",
                    table, since.toEpochMilli())).first().getLong(0);
        }
        return rows;
    }
}
