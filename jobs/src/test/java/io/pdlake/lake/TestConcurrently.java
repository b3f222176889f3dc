package io.pdlake.lake;

import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestConcurrently
{
    @TempDir
    static Path directory;

    @Test
    void runsSparkJobsOfSeveralItemsAtOnceAndKeepsTheirOrder()
    {
        SparkSession spark = TestingLake.create(directory).spark();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        // three items wait for each other: only three threads at once get past the latch
        CountDownLatch together = new CountDownLatch(3);
        List<Long> counts = Concurrently.map(List.of(10, 20, 30, 40, 50), 3, "test-pieces", modulus -> {
            threads.add(Thread.currentThread().getName());
            together.countDown();
            try {
                assertThat(together.await(1, TimeUnit.MINUTES)).as("three items at once").isTrue();
            }
            catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return spark.range(0, 1000).filter(col("id").mod(modulus).equalTo(0)).count();
        });

        assertThat(counts).containsExactly(100L, 50L, 34L, 25L, 20L);
        assertThat(threads).hasSize(3).allMatch(name -> name.startsWith("test-pieces-"));
    }

    @Test
    void oneThreadRunsInTheCallersThread()
    {
        assertThat(Concurrently.map(List.of(1, 2), 1, "unused", item -> Thread.currentThread().getName())).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void everyItemRunsAndTheFirstFailureCarriesTheOthers()
    {
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        assertThatThrownBy(() -> Concurrently.map(List.of(1, 2, 3, 4), 2, "failing", item -> {
            ran.add(item);
            if (item % 2 == 0) {
                throw new IllegalArgumentException("item " + item);
            }
            return item;
        }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("item 2")
                .satisfies(failure -> assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("item 4"));
        assertThat(ran).containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void refusesLessThanOneThread()
    {
        assertThatThrownBy(() -> Concurrently.map(List.of(1), 0, "none", item -> item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be at least 1: 0");
    }
}
