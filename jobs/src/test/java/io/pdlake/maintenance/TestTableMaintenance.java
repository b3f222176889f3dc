package io.pdlake.maintenance;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.ingest.IngestJob;
import io.pdlake.lake.LakeTables;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Maintenance on a real lake built from three deliveries: it compacts, expires and cleans, and no row changes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestTableMaintenance
{
    private static final String TABLE = "raw.household_registration";

    @TempDir
    static Path directory;

    private static TestingLake.Lake lake;
    private static ResourceCatalog catalog;
    private static Map<String, Long> rowsBefore;

    @BeforeAll
    static void threeDeliveries()
    {
        lake = TestingLake.create(directory);
        catalog = ResourceCatalog.load(ProjectFiles.schemas());
        SampleGenerator generator = new SampleGenerator(catalog, new SampleGenerator.Options(360, 7, 0.05, 0.05));
        generator.write(lake.landing());
        ingest();
        generator.writeChanges(lake.landing(), SampleGenerator.SECOND_BATCH.plusDays(1), 0.2);
        ingest();
        generator.writeChanges(lake.landing(), SampleGenerator.SECOND_BATCH.plusDays(2), 0.2);
        ingest();
        new ConsolidateJob(spark(), catalog, lake.config().catalogName(), Clock.systemUTC(), line -> {}).run(false);
        rowsBefore = rows();
    }

    @Test
    @Order(1)
    void refusesSettingsThatWouldHarmARunningWrite()
    {
        assertThatThrownBy(() -> new TableMaintenance.Settings(Duration.ofDays(7), 1, Duration.ofHours(2), 5, 1L << 27))
                .hasMessageContaining("files of a write still running would be deleted");
        assertThatThrownBy(() -> new TableMaintenance.Settings(Duration.ofDays(7), 0, Duration.ofDays(3), 5, 1L << 27))
                .hasMessageContaining("retainLast");
    }

    @Test
    @Order(2)
    void compactionKeepsEveryRowAndConsolidationReadsPastIt()
    {
        long filesBefore = dataFiles(TABLE);
        assertThat(filesBefore).isGreaterThanOrEqualTo(3);
        TableMaintenance maintenance = maintenance(Duration.ofDays(7), 10);
        assertThat(maintenance.tables()).contains(TABLE, "base.person", "meta.feed_batches", "quality.rejects", "meta.audit_log")
                .containsAll(catalog.entries().stream().map(entry -> entry.rawTable()).toList());
        // two tables, to keep the suite quick: every table goes through the same three procedures
        List<TableMaintenance.TableResult> results = List.of(maintenance.maintain(TABLE, Instant.now()), maintenance.maintain("base.person", Instant.now()));
        assertThat(results).filteredOn(result -> result.table().equals(TABLE)).singleElement()
                .satisfies(result -> assertThat(result.rewrittenFiles()).isGreaterThanOrEqualTo(3));
        assertThat(dataFiles(TABLE)).isLessThan(filesBefore);
        assertThat(rows()).isEqualTo(rowsBefore);
        // the snapshots are younger than the retention: none expired, and compaction added no rows to read
        assertThat(results).allSatisfy(result -> assertThat(result.expiredSnapshots()).isZero());
        long personSnapshot = currentSnapshot("base.person");
        new ConsolidateJob(spark(), catalog, lake.config().catalogName(), Clock.systemUTC(), line -> {}).run(false);
        assertThat(currentSnapshot("base.person")).isEqualTo(personSnapshot);
    }

    @Test
    @Order(3)
    void expiresSnapshotsAndRemovesOnlyOldOrphans()
            throws IOException
    {
        Path data = Path.of(URI.create(LakeTables.icebergTable(spark(), lake.config().catalogName(), TABLE).location())).resolve("data");
        Path oldOrphan = Files.write(data.resolve("00000-0-crashed-write-old.parquet"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(oldOrphan, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
        Path newOrphan = Files.write(data.resolve("00000-0-write-in-progress.parquet"), new byte[] {1, 2, 3});

        TableMaintenance.TableResult result = maintenance(Duration.ZERO, 1).maintain(TABLE, Instant.now());
        assertThat(result.expiredSnapshots()).isGreaterThanOrEqualTo(3);
        assertThat(result.orphanFiles()).isEqualTo(1);
        assertThat(oldOrphan).doesNotExist();
        assertThat(newOrphan).exists();
        assertThat(spark().sql(format("SELECT count(*) FROM %s.snapshots", TABLE)).first().getLong(0)).isEqualTo(1);
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    @Test
    @Order(4)
    void consolidationAfterExpiryRebuildsTheSameBaseRows()
    {
        List<String> before = spark().sql("SELECT to_json(struct(*)) FROM base.person ORDER BY id_number").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        // the watermark snapshot expired: consolidation cannot read incrementally and rebuilds
        new ConsolidateJob(spark(), catalog, lake.config().catalogName(), Clock.systemUTC(), line -> {}).run(false);
        List<String> after = spark().sql("SELECT to_json(struct(*)) FROM base.person ORDER BY id_number").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(after).isEqualTo(before);
    }

    private static TableMaintenance maintenance(Duration retention, int retainLast)
    {
        return new TableMaintenance(spark(), lake.config().catalogName(), new TableMaintenance.Settings(retention, retainLast, Duration.ofHours(72), 2, 128L << 20), line -> {});
    }

    private static void ingest()
    {
        new IngestJob(spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
    }

    private static Map<String, Long> rows()
    {
        Map<String, Long> rows = new HashMap<>();
        for (String table : List.of(TABLE, "raw.enterprise_registration", "base.person", "base.legal_entity", "quality.rejects", "meta.feed_batches")) {
            rows.put(table, spark().table(table).count());
        }
        return rows;
    }

    private static long dataFiles(String table)
    {
        return spark().sql(format("SELECT count(*) FROM %s.files WHERE content = 0", table)).first().getLong(0);
    }

    private static long currentSnapshot(String table)
    {
        return spark().sql(format("SELECT snapshot_id FROM %s.history ORDER BY made_current_at DESC LIMIT 1", table)).first().getLong(0);
    }

    private static SparkSession spark()
    {
        return lake.spark();
    }
}
