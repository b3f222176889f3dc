package io.pdlake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.lake.LakeConfig;
import io.pdlake.serve.AccessRules;
import io.pdlake.serve.CatalogBootstrap;
import io.pdlake.serve.TrinoConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Analyst query latency on a benchmarked lake: starts a real Trino server with bin/trino over the
 * lake's catalog, runs each query a few times to warm up and then a fixed number of times, and
 * reports p50 and p95 of the client-side wall time (submission to the last result page), over
 * Trino's HTTP protocol.
 */
final class TrinoProbe
{
    private static final int WARM_UP = 3;
    private static final int RUNS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    TrinoProbe(Path home, Consumer<String> progress)
    {
        this.home = requireNonNull(home, "home is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** Runs the named queries against a Trino started for {@code lake}; the server is stopped afterwards. */
    List<Benchmark.QueryLatency> measure(LakeConfig lake, ResourceCatalog catalog, Path directory, Map<String, String> queries)
    {
        Path etc = directory.resolve("etc");
        int port = freePort();
        CatalogBootstrap.ensure(lake);
        new TrinoConfiguration(lake).write(etc, directory.resolve("data"), port);
        new AccessRules(catalog, lake.catalogName(), "admin").write(etc, List.of(), List.of(), Instant.now());
        Map<String, String> environment = Map.of("PDLAKE_TRINO_DIR", directory.toString(), "PDLAKE_TRINO_PORT", Integer.toString(port));
        long start = System.nanoTime();
        launcher("launch", environment);
        progress.accept(format("  trino started in %.0f s on port %s", (System.nanoTime() - start) / 1e9, port));
        try {
            List<Benchmark.QueryLatency> latencies = new ArrayList<>();
            for (Map.Entry<String, String> query : queries.entrySet()) {
                for (int run = 0; run < WARM_UP; run++) {
                    warmUp(port, lake.catalogName(), query.getValue());
                }
                double[] milliseconds = new double[RUNS];
                for (int run = 0; run < RUNS; run++) {
                    long begin = System.nanoTime();
                    execute(port, lake.catalogName(), query.getValue());
                    milliseconds[run] = (System.nanoTime() - begin) / 1e6;
                }
                Arrays.sort(milliseconds);
                Benchmark.QueryLatency latency = new Benchmark.QueryLatency(query.getKey(), query.getValue(), percentile(milliseconds, 50), percentile(milliseconds, 95), RUNS);
                progress.accept(format("  trino %s: p50 %.0f ms, p95 %.0f ms", query.getKey(), latency.p50Milliseconds(), latency.p95Milliseconds()));
                latencies.add(latency);
            }
            return latencies;
        }
        finally {
            launcher("stop", environment);
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int percent)
    {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /**
     * A warm-up run, which waits out Trino's NO_NODES_AVAILABLE for up to a minute: bin/trino
     * waits for an active node, but on a loaded machine the coordinator may miss a heartbeat and
     * count no node for a moment. Timed runs do not retry.
     */
    private void warmUp(int port, String catalogName, String sql)
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                execute(port, catalogName, sql);
                return;
            }
            catch (NoNodesAvailable e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                progress.accept("  trino has no active node yet; trying again in a second");
                try {
                    Thread.sleep(1000);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Trino", interrupted);
                }
            }
        }
    }

    /** Trino's NO_NODES_AVAILABLE: no active node to schedule on, for now. */
    private static final class NoNodesAvailable
            extends IllegalStateException
    {
        NoNodesAvailable(String message)
        {
            super(message);
        }
    }

    private void execute(int port, String catalogName, String sql)
    {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/statement"))
                    .header("X-Trino-User", "admin").header("X-Trino-Catalog", catalogName).header("X-Trino-Schema", "base")
                    .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
            JsonNode page = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            while (true) {
                if (page.has("error")) {
                    String message = format("Trino failed the benchmark query %s: %s", sql, page.path("error").path("message").asText());
                    throw "NO_NODES_AVAILABLE".equals(page.path("error").path("errorName").asText()) ? new NoNodesAvailable(message) : new IllegalStateException(message);
                }
                if (!page.hasNonNull("nextUri")) {
                    return;
                }
                page = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(page.get("nextUri").asText())).header("X-Trino-User", "admin").GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot reach Trino on port " + port, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while querying Trino", e);
        }
    }

    private void launcher(String command, Map<String, String> environment)
    {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/trino").toString(), command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(format("bin/trino %s failed: %s", command, output.strip()));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot run bin/trino " + command, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running bin/trino " + command, e);
        }
    }

    private static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The analysts' fixed queries, with keys taken from the benchmarked tables. */
    static Map<String, String> queries(String uscc, String idNumber)
    {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("lookup by USCC", format("SELECT * FROM base.legal_entity WHERE uscc = '%s'", uscc.replace("'", "''")));
        queries.put("lookup by ID number", format("SELECT * FROM base.person WHERE id_number = '%s'", idNumber.replace("'", "''")));
        queries.put("aggregate by district", "SELECT substr(id_number, 1, 6) AS district, count(*) AS people, count_if(confirmed) AS confirmed FROM base.person GROUP BY 1 ORDER BY 1");
        return queries;
    }
}
