package io.pdlake.catalog;

import io.pdlake.lake.LakeTables;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;

class TestCatalogPublisher
{
    @TempDir
    java.nio.file.Path directory;

    @Test
    void versionsChangesAndCommitsNothingWhenNothingChanged()
    {
        TestingLake.Lake lake = TestingLake.create(directory);
        ResourceCatalog catalog = ResourceCatalog.load(ProjectFiles.schemas());
        CatalogPublisher publisher = new CatalogPublisher(lake.spark());

        assertThat(publisher.publish(catalog, Instant.parse("2026-11-01T00:00:00Z")))
                .isEqualTo(new CatalogPublisher.Published(catalog.entries().size(), 0, 0, 0));
        long snapshot = snapshot(lake, LakeTables.RESOURCE_CATALOG);
        assertThat(publisher.publish(catalog, Instant.parse("2026-11-02T00:00:00Z")))
                .isEqualTo(new CatalogPublisher.Published(0, 0, 0, catalog.entries().size()));
        assertThat(snapshot(lake, LakeTables.RESOURCE_CATALOG)).isEqualTo(snapshot);

        List<CatalogEntry> entries = new ArrayList<>(catalog.entries());
        CatalogEntry first = entries.get(0);
        entries.set(0, new CatalogEntry(first.code(), first.name(), first.nameEn(), first.department(), first.region(), first.subjectKey(), first.base(), first.table(),
                first.fields(), first.shareType(), first.shareLegalBasis(), first.openType(), first.openReview(), first.securityLevel(), first.usage(),
                UpdateCycle.WEEKLY, first.sourceType(), first.approvalReference(), first.format(), first.encoding(), first.updatedAtField(), first.sourceFile()));
        CatalogEntry removed = entries.remove(entries.size() - 1);
        assertThat(publisher.publish(new ResourceCatalog(catalog.departments(), entries), Instant.parse("2026-11-03T00:00:00Z")))
                .isEqualTo(new CatalogPublisher.Published(0, 1, 1, entries.size() - 1));

        List<Row> history = lake.spark().sql(format("SELECT version, change, update_cycle, changed_at FROM %s WHERE code = '%s' ORDER BY version",
                LakeTables.RESOURCE_CATALOG, first.code())).collectAsList();
        assertThat(history).extracting(row -> row.getInt(0) + " " + row.getString(1) + " " + row.getString(2))
                .containsExactly("1 added " + first.updateCycle().label(), "2 changed weekly");
        assertThat(lake.spark().sql(format("SELECT change FROM %s WHERE code = '%s' ORDER BY version DESC LIMIT 1", LakeTables.RESOURCE_CATALOG, removed.code()))
                .first().getString(0)).isEqualTo("withdrawn");
        assertThat(lake.spark().sql(format("SELECT count(*) FROM %s WHERE code = '%s' AND version = 2", LakeTables.CATALOG_FIELDS, first.code())).first().getLong(0))
                .isEqualTo(first.fields().size());
        assertThat(lake.spark().table(LakeTables.DEPARTMENTS).count()).isEqualTo(catalog.departments().size());
    }

    private static long snapshot(TestingLake.Lake lake, String table)
    {
        return lake.spark().sql(format("SELECT snapshot_id FROM %s.history ORDER BY made_current_at DESC LIMIT 1", table)).first().getLong(0);
    }
}
