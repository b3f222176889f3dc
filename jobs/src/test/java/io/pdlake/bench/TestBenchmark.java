package io.pdlake.bench;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.quality.DutyChange;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestBenchmark
{
    @TempDir
    Path directory;

    @Test
    void runsTheWholePipelineAndItsBaselinesWithCountsThatAgree()
    {
        TestingLake.Lake lake = TestingLake.create(directory.resolve("lake"));
        ResourceCatalog catalog = ResourceCatalog.load(ProjectFiles.schemas());
        List<String> progress = new ArrayList<>();
        Benchmark benchmark = new Benchmark(lake.spark(), lake.config(), catalog, WorkingCalendar.load(ProjectFiles.root().resolve("conf/calendar")),
                DutyChange.load(ProjectFiles.schemas().resolve("duty-changes.yaml")), ProjectFiles.schemas().resolve("thematic"), directory.resolve("lake/work"), progress::add);

        Benchmark.SizeResult result = benchmark.run(960, false);

        assertThat(result.disagreements()).isEmpty();
        assertThat(result.feedRows()).isEqualTo(960);
        assertThat(result.stages()).extracting(Benchmark.Stage::name).containsExactly("ingest", "consolidate", "thematic", "score");
        assertThat(result.stages()).allSatisfy(stage -> assertThat(stage.seconds()).isPositive());
        assertThat(result.stages()).allSatisfy(stage -> assertThat(stage.cpuSeconds()).isPositive());
        assertThat(result.floor().seconds()).isPositive();
        // one changed subject per entry at this size: 1% rounds up to one row for each of the 24 entries
        assertThat(result.incrementalRows()).isEqualTo(catalog.entries().size());
        assertThat(result.incremental()).extracting(Benchmark.Stage::name).containsExactly("ingest", "consolidate", "thematic", "score");
        // the tiny batch too: at least one row per entry
        assertThat(result.tinyRows()).isEqualTo(catalog.entries().size());
        assertThat(result.tiny()).extracting(Benchmark.Stage::name).containsExactly("ingest", "consolidate", "thematic", "score");
        assertThat(result.tiny()).allSatisfy(stage -> assertThat(stage.seconds()).isPositive());
        // every stage's Spark jobs and commits counted; each entry's batch is a commit to its raw table
        for (List<Benchmark.Stage> run : List.of(result.stages(), result.incremental(), result.tiny())) {
            assertThat(run).allSatisfy(stage -> assertThat(stage.jobs()).isPositive());
            assertThat(run).allSatisfy(stage -> assertThat(stage.commits()).isPositive());
            assertThat(run.get(0).commits()).isGreaterThanOrEqualTo(catalog.entries().size());
        }
        assertThat(result.baseRows()).isPositive();
        // the same changed rows merged both ways; copy-on-write removes the files it rewrites, merge-on-read writes delete files instead
        assertThat(result.mergeModes().changedRows()).isPositive();
        assertThat(result.mergeModes().copyOnWrite().removedDataFiles()).isPositive();
        assertThat(result.mergeModes().copyOnWrite().addedDeleteFiles()).isZero();
        assertThat(result.mergeModes().mergeOnRead().addedDeleteFiles()).isPositive();
        assertThat(result.mergeModes().mergeOnRead().removedDataFiles()).isZero();
        // the peer merges the same subjects; it checks key shape only, not check characters, so it may keep a few more
        assertThat(result.duckDb().seconds()).isPositive();
        assertThat(result.duckDbBaseRows()).isBetween(result.baseRows(), result.baseRows() + result.feedRows() / 10);
        assertThat(directory.resolve("lake/work/rows-960/duckdb/person.parquet")).isRegularFile();
        assertThat(result.peakHeapBytes()).isPositive();
        assertThat(result.peakLiveHeapBytes()).isNotNegative();
        assertThat(directory.resolve("lake/work/rows-960/floor/household_registration")).isDirectory();
        assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("bench 960 rows: generating feeds"));
        // the bench lake is its own: the test lake's catalog has no tables from it
        assertThat(lake.spark().catalog().tableExists("raw.household_registration")).isFalse();
    }
}
