package io.pdlake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TestBenchReport
{
    @Test
    void judgesEachTargetFromTheLargestSizeAndTheScalingBetweenSizes()
            throws Exception
    {
        // 1,000 rows: 10 s of pipeline, floor 5 s; 10,000 rows: 110 s, floor 40 s, incremental 9 s
        BenchReport report = new BenchReport(Instant.parse("2026-11-28T05:00:00Z"), "2 cores", 4L << 30, List.of(
                size(1_000, new double[] {4, 3, 2, 1}, 5, new double[] {0.5, 0.5, 0.5, 0.5}, 900_000_000L),
                size(10_000, new double[] {50, 30, 20, 10}, 40, new double[] {3, 3, 2, 1}, 1_500_000_000L)));

        assertThat(report.scalingRatio()).isCloseTo(1.1, within(1e-9));
        assertThat(report.targets()).extracting(BenchReport.Target::holds).containsExactly(false, true, true, false, true);
        assertThat(report.targets().get(3).measured()).isEqualTo("1100 ms");
        assertThat(report.targets().get(0).measured()).isEqualTo("2.75x");
        assertThat(report.targets().get(1).measured()).isEqualTo("8.2%");
        assertThat(report.targets().get(2).at()).isEqualTo("10,000 vs 1,000 rows");
        assertThat(report.targets().get(4).measured()).isEqualTo("sampled peak live 1.40 GiB (maximum heap 4.00 GiB)");

        String markdown = report.markdown();
        assertThat(markdown).contains("| full pipeline / floor | <= 2.5x | 2.75x | 10,000 rows | no |",
                "| ingest | 50.0 | 200 |", "| **pipeline** | 110.0 | 91 |", "Pipeline / floor: 2.75x. Pipeline / DuckDB: 5.50x",
                "Every size: rows read = rows written; accepted + rejected = read.", "| lookup by ID number | 90 | 1100 | 20 |");
        int cores = Runtime.getRuntime().availableProcessors();
        String oneCore = String.format(java.util.Locale.ROOT, "%.0f%% of %d", 100.0 / cores, cores);
        assertThat(markdown).contains("| ingest | 50.0 | 200 | 50.0 | " + oneCore + " |", "| **pipeline** | 110.0 | 91 | 110.0 | " + oneCore + " |",
                "| floor: feeds -> Parquet, no logic | 40.0 | 250 | - | - |", "score 1.0 s (" + oneCore + " cores busy)",
                "MERGE of 10 changed rows into a copy of base.person (1,000 rows, bucketed and ordered by key): copy-on-write 2.5 s (8 data files written, 8 removed), "
                        + "merge-on-read 0.5 s (8 data files and 8 delete files written, 0 removed).");
        assertThat(markdown).contains("Tiny batch of 1 rows (0.01% of subjects, at least one per entry): ingest 1.0 s (" + oneCore + " cores busy), consolidate 2.0 s ("
                + oneCore + " cores busy), thematic 0.5 s (" + oneCore + " cores busy), score 0.5 s (" + oneCore + " cores busy); 4.0 s in all, 3.6% of the full run");
        JsonNode json = new ObjectMapper().readTree(report.json());
        assertThat(json.path("sizes").get(1).path("tiny_ratio").asDouble()).isCloseTo(4.0 / 110, within(1e-9));
        assertThat(json.path("sizes")).hasSize(2);
        assertThat(json.path("sizes").get(1).path("stages").get(0).path("cpuSeconds").asDouble()).isEqualTo(50.0);
        assertThat(json.path("sizes").get(1).path("merge_modes").path("copyOnWrite").path("seconds").asDouble()).isEqualTo(2.5);
        assertThat(json.path("sizes").get(1).path("floor_ratio").asDouble()).isCloseTo(2.75, within(1e-9));
        assertThat(json.path("sizes").get(1).path("stages").get(0).path("name").asText()).isEqualTo("ingest");
    }

    @Test
    void aDriverThatCouldNotGrowPastTwoGigabytesMeetsTheHeapTargetWhateverTheSamplerSaw()
    {
        List<Benchmark.SizeResult> sizes = List.of(size(10_000, new double[] {50, 30, 20, 10}, 40, new double[] {3, 3, 2, 1}, 2_200_000_000L));
        Instant started = Instant.parse("2026-11-28T05:00:00Z");

        BenchReport capped = new BenchReport(started, "2 cores", 2L << 30, sizes);
        assertThat(capped.targets().get(4).holds()).isTrue();
        assertThat(capped.targets().get(4).measured()).isEqualTo("ran within a 2.00 GiB maximum heap (sampled peak live 2.05 GiB)");
        BenchReport uncapped = new BenchReport(started, "2 cores", (2L << 30) + 1, sizes);
        assertThat(uncapped.targets().get(4).holds()).isFalse();
        assertThat(uncapped.targets().get(4).measured()).startsWith("sampled peak live 2.05 GiB");
    }

    @Test
    void withOneSizeTheScalingTargetIsNotRunAndDisagreementsAreListed()
    {
        Benchmark.SizeResult size = new Benchmark.SizeResult(500, 500, 48, 0.1, stages(new double[] {1, 1, 1, 1}, 500), new Benchmark.Stage("floor", 1, 500),
                new Benchmark.Stage("duckdb", 0.5, 500), 240, 5, stages(new double[] {0.1, 0.1, 0.1, 0.1}, 5), 1, stages(new double[] {0.1, 0.1, 0.1, 0.1}, 1), merge(), 100, 50, 300, List.of(), List.of("ingest read 499 rows of the 500 written"));
        BenchReport report = new BenchReport(Instant.parse("2026-11-28T05:00:00Z"), "2 cores", 4L << 30, List.of(size));
        assertThat(report.targets().get(2).measured()).isEqualTo("not run");
        assertThat(report.targets().get(2).holds()).isFalse();
        assertThat(report.targets().get(3).measured()).isEqualTo("not run");
        assertThat(report.disagreements()).containsExactly("500 rows: ingest read 499 rows of the 500 written");
        assertThat(report.markdown()).contains("- 500 rows: ingest read 499 rows of the 500 written");
    }

    private static Benchmark.SizeResult size(long rows, double[] seconds, double floor, double[] incremental, long heap)
    {
        return new Benchmark.SizeResult(rows, rows, 48, 1, stages(seconds, rows), new Benchmark.Stage("floor", floor, rows),
                new Benchmark.Stage("duckdb", floor / 2, rows), rows / 2, rows / 100,
                stages(incremental, rows / 100), rows / 10_000, stages(new double[] {1, 2, 0.5, 0.5}, rows / 10_000), merge(), 3 * heap, heap, rows / 2, rows < 10_000 ? List.of() : List.of(
                        new Benchmark.QueryLatency("lookup by USCC", "SELECT 1", 80, 120, 20),
                        new Benchmark.QueryLatency("lookup by ID number", "SELECT 2", 90, 1_100, 20),
                        new Benchmark.QueryLatency("aggregate by district", "SELECT 3", 400, 900, 20)), List.of());
    }

    private static Benchmark.MergeModes merge()
    {
        return new Benchmark.MergeModes(1_000, 10, new Benchmark.MergeTiming("copy-on-write", 2.5, 8, 8, 0),
                new Benchmark.MergeTiming("merge-on-read", 0.5, 8, 0, 8));
    }

    private static List<Benchmark.Stage> stages(double[] seconds, long rows)
    {
        // each stage kept one core busy throughout
        return List.of(new Benchmark.Stage("ingest", seconds[0], rows, seconds[0]), new Benchmark.Stage("consolidate", seconds[1], rows, seconds[1]),
                new Benchmark.Stage("thematic", seconds[2], rows, seconds[2]), new Benchmark.Stage("score", seconds[3], rows, seconds[3]));
    }
}
