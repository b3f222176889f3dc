package io.pdlake.maintenance;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.ingest.IngestJob;
import io.pdlake.lake.LakeTables;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestRollback
{
    private static final String TABLE = "raw.household_registration";

    @TempDir
    Path directory;

    @Test
    void putsATableBackToAnEarlierSnapshotAndAuditsIt()
    {
        TestingLake.Lake lake = TestingLake.create(directory);
        ResourceCatalog catalog = ResourceCatalog.load(ProjectFiles.schemas());
        SampleGenerator generator = new SampleGenerator(catalog, new SampleGenerator.Options(240, 3, 0.0, 0.0));
        generator.write(lake.landing());
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        long firstRows = lake.spark().table(TABLE).count();
        generator.writeChanges(lake.landing(), SampleGenerator.SECOND_BATCH.plusDays(1), 0.5);
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        assertThat(lake.spark().table(TABLE).count()).isGreaterThan(firstRows);

        Rollback rollback = new Rollback(lake.spark(), lake.config().catalogName());
        List<Rollback.SnapshotEntry> history = rollback.history(TABLE);
        assertThat(history).hasSizeGreaterThanOrEqualTo(2);
        assertThat(history.get(0).current()).isTrue();
        Rollback.SnapshotEntry first = history.get(history.size() - 1);
        assertThat(first.totalRecords()).isEqualTo(firstRows);

        Rollback.Outcome outcome = rollback.rollBack(TABLE, first.snapshotId(), "数据局-张工", "the second delivery was the wrong file", Instant.now());
        assertThat(outcome.to()).isEqualTo(first.snapshotId());
        assertThat(lake.spark().table(TABLE).count()).isEqualTo(firstRows);
        Row audit = lake.spark().sql("SELECT actor, action, subject, detail, reason FROM " + LakeTables.AUDIT_LOG + " WHERE action = 'rollback'").first();
        assertThat(audit.getString(0)).isEqualTo("数据局-张工");
        assertThat(audit.getString(2)).isEqualTo(TABLE);
        assertThat(audit.getString(3)).isEqualTo("from snapshot " + outcome.from() + " to " + outcome.to());
        assertThat(audit.getString(4)).isEqualTo("the second delivery was the wrong file");

        // the snapshot rolled away from is no longer in the table's line of history
        assertThatThrownBy(() -> rollback.rollBack(TABLE, outcome.from(), "数据局-张工", "again", Instant.now()))
                .hasMessageContaining("is not in raw.household_registration's current history");
        assertThatThrownBy(() -> rollback.rollBack(TABLE, first.snapshotId(), "数据局-张工", "again", Instant.now()))
                .hasMessage("raw.household_registration is already at snapshot " + first.snapshotId());
        assertThatThrownBy(() -> rollback.history("raw.household_registration; DROP TABLE x")).hasMessageContaining("is not a lake table name");
        assertThatThrownBy(() -> rollback.history("raw.nothing_here")).hasMessage("no table raw.nothing_here in the lake");
        assertThatThrownBy(() -> rollback.rollBack(TABLE, outcome.from(), "数据局-张工", " ", Instant.now())).hasMessageContaining("needs a reason");
    }
}
