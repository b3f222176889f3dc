package io.pdlake.lake;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.LogicalRDD;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
