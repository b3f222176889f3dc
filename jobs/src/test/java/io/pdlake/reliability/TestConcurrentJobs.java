package io.pdlake.reliability;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.ingest.IngestJob;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.testing.LakeContents;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ingests of different departments and a consolidation, started together on one catalog, each
 * in a session (and catalog connection) of its own, commit into the same shared tables; Iceberg's
 * optimistic commits with retries must end where running them one after another ends.
 */
class TestConcurrentJobs
{
    @TempDir
    static Path directory;

    @Test
    void concurrentJobsEndWithTheTablesOfSerialRuns()
            throws Exception
    {
        ResourceCatalog catalog = ResourceCatalog.load(ProjectFiles.schemas());
        Path feeds = directory.resolve("feeds");
        new SampleGenerator(catalog, new SampleGenerator.Options(1_200, 5, 0.1, 0.1)).write(feeds);
        ProjectFiles.copyTree(feeds, directory.resolve("serial/landing"));
        ProjectFiles.copyTree(feeds, directory.resolve("concurrent/landing"));

        // serial: civil affairs first (so consolidation has work), then public security, then market supervision, then consolidate
        TestingLake.Lake serial = TestingLake.create(directory.resolve("serial"));
        ingest(serial, catalog, "mzj");
        ingest(serial, catalog, "gongan");
        ingest(serial, catalog, "scjg");
        consolidate(serial, catalog);
        Map<String, List<String>> expected = LakeContents.of(serial.spark());

        TestingLake.Lake concurrent = TestingLake.create(directory.resolve("concurrent"));
        ingest(concurrent, catalog, "mzj");
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Object>> jobs = List.of(
                () -> {
                    start.await();
                    return ingest(TestingLake.create(directory.resolve("concurrent")), catalog, "gongan");
                },
                () -> {
                    start.await();
                    return ingest(TestingLake.create(directory.resolve("concurrent")), catalog, "scjg");
                },
                () -> {
                    start.await();
                    return consolidate(TestingLake.create(directory.resolve("concurrent")), catalog);
                });
        ExecutorService executor = Executors.newFixedThreadPool(jobs.size());
        try {
            List<Future<Object>> running = new ArrayList<>();
            for (Callable<Object> job : jobs) {
                running.add(executor.submit(job));
            }
            start.countDown();
            for (Future<Object> job : running) {
                job.get(10, TimeUnit.MINUTES);
            }
        }
        finally {
            executor.shutdownNow();
        }
        // the consolidation that ran alongside may have seen only part of the new batches; the next one takes the rest
        TestingLake.Lake after = TestingLake.create(directory.resolve("concurrent"));
        consolidate(after, catalog);

        Map<String, List<String>> actual = LakeContents.of(after.spark());
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String table : expected.keySet()) {
            assertThat(actual.get(table)).as(table).isEqualTo(expected.get(table));
        }
        // every department's batches were recorded once, by the ingest that took them
        assertThat(after.spark().sql("SELECT batch_id, source_file, count(*) FROM meta.feed_batches GROUP BY 1, 2 HAVING count(*) > 1").count()).isZero();
    }

    private static Object ingest(TestingLake.Lake lake, ResourceCatalog catalog, String department)
    {
        return new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).forDepartments(Set.of(department)).run();
    }

    private static Object consolidate(TestingLake.Lake lake, ResourceCatalog catalog)
    {
        return new ConsolidateJob(lake.spark(), catalog, lake.config().catalogName(), Clock.systemUTC(), line -> {}).run(false);
    }
}
