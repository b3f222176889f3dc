package io.pdlake.lake;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.LogicalRDD;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Intermediate results a job computes once and reads in several actions, kept on the executors
 * (memory, then disk) with their lineage cut: a local checkpoint instead of {@code persist()}.
 * <p>
 * A persisted Dataset still carries its whole plan, so every later query over it is analysed,
 * matched against the cache and rendered as text for the SQL tab with all the plans it was built
 * from, again after each adaptive stage. For consolidation's chain of cached steps that driver
 * work was most of an incremental run. The price: a block lost with its executor cannot be
 * recomputed and the action fails; the jobs are idempotent, so a retry redoes the run.
 * <p>
 * Safe to keep into from several threads; close it when the job is done with what it kept.
 */
public final class Intermediates
        implements AutoCloseable
{
    private static final long OBSERVATION_WAIT_SECONDS = 10;

    private final List<RDD<?>> kept = new CopyOnWriteArrayList<>();

    /**
     * The same rows, computed now and read from the executors' blocks after. Now, not on first use:
     * the plan that computes them, with its metrics, is alive only while this method runs.
     */
    public Dataset<Row> keep(Dataset<Row> dataset)
    {
        requireNonNull(dataset, "dataset is null");
        return kept(dataset.localCheckpoint(true));
    }

    /**
     * As {@link #keep}, with aggregates over the rows ({@code count(lit(1))}, say) that the job
     * keeping them computed on the way: no job of its own for a count.
     */
    public Measured keepMeasuring(Dataset<Row> dataset, Column metric, Column... metrics)
    {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(metric, "metric is null");
        Observation observation = new Observation("pdlake_kept_" + UUID.randomUUID().toString().replace("-", ""));
        Dataset<Row> kept = keep(dataset.observe(observation, metric, metrics));
        Row measured;
        try {
            // delivered when the job ends; the wait is a guard, not a pause
            measured = Await.result(observation.future(), Duration.apply(OBSERVATION_WAIT_SECONDS, TimeUnit.SECONDS));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the metrics of a kept result", e);
        }
        catch (Exception e) {
            // not delivered: the same aggregates over the kept rows, one small job
            measured = kept.agg(metric, metrics).first();
        }
        return new Measured(kept, measured);
    }

    /** Kept rows and a row of aggregates over them, in the order asked. */
    public record Measured(Dataset<Row> rows, Row metrics)
    {
        public Measured
        {
            requireNonNull(rows, "rows is null");
            requireNonNull(metrics, "metrics is null");
        }
    }

    /**
     * The same rows, kept by the first action that reads them (a write, say) and read from the
     * executors' blocks by the actions after: no job of its own. Row blocks, not Spark's columnar
     * cache: building that cache's compressed columns was a sixth of ingest's CPU time.
     */
    public Dataset<Row> keepOnFirstUse(Dataset<Row> dataset)
    {
        requireNonNull(dataset, "dataset is null");
        return kept(dataset.localCheckpoint(false));
    }

    private Dataset<Row> kept(Dataset<Row> checkpointed)
    {
        LogicalPlan plan = checkpointed.queryExecution().logical();
        if (!(plan instanceof LogicalRDD rdd)) {
            throw new IllegalStateException(format("Cannot keep an intermediate result: its checkpoint is a %s, not a scan of its blocks", plan.nodeName()));
        }
        kept.add(rdd.rdd());
        return checkpointed;
    }

    /** Frees the blocks of everything kept; the Datasets {@link #keep} returned cannot be read after. */
    @Override
    public void close()
    {
        kept.forEach(rdd -> rdd.unpersist(false));
        kept.clear();
    }
}
