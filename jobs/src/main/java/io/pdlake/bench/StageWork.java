package io.pdlake.bench;

import io.pdlake.lake.LakeTables;
import org.apache.iceberg.Snapshot;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * What a benchmark stage asked of Spark and Iceberg: the Spark jobs it ran (every thread it started
 * carries its tag, a local property, which Spark copies into each job) and the commits it made
 * (snapshots committed to the lake's tables while it ran). The cost of an incremental run that does
 * not shrink with its batch is mostly a cost per job and per commit.
 */
final class StageWork
        extends SparkListener
        implements AutoCloseable
{
    static final String TAG = "pdlake.bench.stage";

    private final SparkContext context;
    private final Map<String, LongAdder> jobs = new ConcurrentHashMap<>();

    StageWork(SparkContext context)
    {
        this.context = requireNonNull(context, "context is null");
        context.addSparkListener(this);
    }

    /** Runs {@code work} with its jobs, and those of the threads it starts, tagged {@code tag}. */
    <T> T tagged(String tag, Supplier<T> work)
    {
        requireNonNull(tag, "tag is null");
        String previous = context.getLocalProperty(TAG);
        context.setLocalProperty(TAG, tag);
        try {
            return work.get();
        }
        finally {
            context.setLocalProperty(TAG, previous);
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart event)
    {
        Properties properties = event.properties();
        String tag = properties == null ? null : properties.getProperty(TAG);
        if (tag != null) {
            jobs.computeIfAbsent(tag, ignored -> new LongAdder()).increment();
        }
    }

    /** The jobs run under {@code tag} that the listener has heard of: ask after the bus has caught up (a later stage, say). */
    long jobs(String tag)
    {
        LongAdder count = jobs.get(tag);
        return count == null ? 0 : count.sum();
    }

    /** Snapshots committed to any table of {@code catalogName} from {@code startMillis} to {@code endMillis}, both included. */
    static long commits(SparkSession spark, String catalogName, long startMillis, long endMillis)
    {
        long commits = 0;
        for (Row namespace : spark.sql(format("SHOW NAMESPACES IN %s", catalogName)).collectAsList()) {
            for (Row table : spark.sql(format("SHOW TABLES IN %s.%s", catalogName, namespace.getString(0))).collectAsList()) {
                for (Snapshot snapshot : LakeTables.icebergTable(spark, catalogName, namespace.getString(0) + "." + table.getString(1)).snapshots()) {
                    if (snapshot.timestampMillis() >= startMillis && snapshot.timestampMillis() <= endMillis) {
                        commits++;
                    }
                }
            }
        }
        return commits;
    }

    @Override
    public void close()
    {
        context.removeSparkListener(this);
    }
}
