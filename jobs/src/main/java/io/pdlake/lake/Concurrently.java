package io.pdlake.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Runs independent pieces of a job (an entry's ingest, a base's consolidation) on a few driver
 * threads at once. Their Spark jobs are small and the driver spends most of such a piece waiting
 * (for a job, a commit, Iceberg's worker threads): pieces side by side keep the cores busy where
 * one leaves them idle. Spark runs the jobs of several threads of one session side by side.
 */
public final class Concurrently
{
    private Concurrently() {}

    /** {@code parallelism}, refused below 1: for jobs that take it as a setting and check it on construction. */
    public static int checkParallelism(int parallelism)
    {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        return parallelism;
    }

    /**
     * {@code task} applied to every item, at most {@code parallelism} at a time, the results in the
     * items' order. Every item runs even if another fails; then the first failure is thrown with
     * the others suppressed in it.
     */
    public static <T, R> List<R> map(List<T> items, int parallelism, String threadName, Function<T, R> task)
    {
        requireNonNull(items, "items is null");
        requireNonNull(threadName, "threadName is null");
        requireNonNull(task, "task is null");
        checkParallelism(parallelism);
        if (parallelism == 1 || items.size() <= 1) {
            return items.stream().map(task).toList();
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), runnable -> {
            Thread thread = new Thread(runnable, threadName + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> task.apply(item)));
            }
            List<R> results = new ArrayList<>();
            RuntimeException failure = null;
            for (Future<R> future : futures) {
                try {
                    results.add(future.get());
                }
                catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    }
                    else {
                        failure.addSuppressed(cause);
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for " + threadName, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }
}
