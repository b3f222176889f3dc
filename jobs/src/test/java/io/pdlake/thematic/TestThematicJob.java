package io.pdlake.thematic;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.ingest.IngestJob;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;

class TestThematicJob
{
    @TempDir
    Path directory;

    @Test
    void buildsEveryThemeRecordsItsSourcesAndRebuildsOnlyWhenTheyChange()
            throws Exception
    {
        TestingLake.Lake lake = TestingLake.create(directory);
        ResourceCatalog catalog = ResourceCatalog.load(ProjectFiles.schemas());
        new SampleGenerator(catalog, new SampleGenerator.Options(240, 4, 0.05, 0.05)).write(lake.landing());
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        new ConsolidateJob(lake.spark(), catalog, "lake", Clock.systemUTC(), line -> {}).run(false);
        // three themes at once, as the profiles do
        ThematicJob job = new ThematicJob(lake.spark(), "lake", ProjectFiles.schemas().resolve("thematic"), line -> {}).withParallelism(3);

        List<ThematicJob.Built> first = job.run();
        assertThat(first).extracting(ThematicJob.Built::table).containsExactly("theme.civil_affairs_by_district", "theme.emergency_population_enterprises",
                "theme.health_births_by_month", "theme.hrss_insurance_by_district", "theme.market_enterprise_profile");
        assertThat(first).allMatch(ThematicJob.Built::rebuilt);
        assertThat(first).allSatisfy(built -> assertThat(built.rows()).as(built.table()).isEqualTo(lake.spark().table(built.table()).count()));
        assertThat(lake.spark().table("theme.market_enterprise_profile").count()).isEqualTo(lake.spark().table("base.legal_entity").count());
        assertThat(lake.spark().table("theme.emergency_population_enterprises").count()).isEqualTo(13);
        long populated = lake.spark().sql("SELECT sum(registered_population) FROM theme.emergency_population_enterprises").first().getLong(0);
        assertThat(populated).isEqualTo(lake.spark().sql("SELECT count(*) FROM base.person WHERE confirmed AND substr(id_number, 1, 6) IN "
                + "('130502','130503','130505','130506','130522','130523','130524','130525','130528','130529','130533','130581','130582')").first().getLong(0));
        String sources = lake.spark().sql("SHOW TBLPROPERTIES theme.market_enterprise_profile ('" + ThematicJob.SOURCE_SNAPSHOTS + "')").first().getString(1);
        long legalEntitySnapshot = lake.spark().sql("SELECT snapshot_id FROM base.legal_entity.history ORDER BY made_current_at DESC LIMIT 1").first().getLong(0);
        assertThat(sources).contains("base.legal_entity@" + legalEntitySnapshot, "base.license@", "base.credit@");

        long before = snapshot(lake, "theme.market_enterprise_profile");
        assertThat(job.run()).noneMatch(ThematicJob.Built::rebuilt);
        assertThat(snapshot(lake, "theme.market_enterprise_profile")).isEqualTo(before);

        // one at a time, the themes start in the order of the bytes their sources hold, most first
        List<String> started = new ArrayList<>();
        new ThematicJob(lake.spark(), "lake", ProjectFiles.schemas().resolve("thematic"), line -> started.add(line.split("\\s+")[1])).run();
        Map<String, Long> bytes = new HashMap<>();
        for (String table : started) {
            String sql = Files.readString(ProjectFiles.schemas().resolve("thematic/" + table.substring("theme.".length()) + ".sql"));
            long total = 0;
            for (String source : List.of("base.person", "base.legal_entity", "base.license", "base.credit", "raw.social_insurance_enrolment", "raw.birth_certificate",
                    "raw.medical_institution", "raw.subsistence_allowance")) {
                if (java.util.regex.Pattern.compile("\\b" + source.replace(".", "\\.") + "\\b").matcher(sql).find()) {
                    total += lake.spark().sql("SELECT sum(file_size_in_bytes) FROM " + source + ".files").first().getLong(0);
                }
            }
            bytes.put(table, total);
        }
        assertThat(started).hasSize(5).isSortedAccordingTo(Comparator.comparing((String table) -> bytes.get(table)).reversed());

        // a new enterprise-registration batch changes base.legal_entity: its themes are rebuilt
        Path newBatch = lake.landing().resolve("130500/scjg/enterprise_registration/20261110");
        Files.createDirectories(newBatch);
        new SampleGenerator(catalog, new SampleGenerator.Options(480, 99, 0, 0)).write(directory.resolve("more"));
        Files.copy(directory.resolve("more/130500/scjg/enterprise_registration/20261102/part-00001.csv"), newBatch.resolve("part-00001.csv"));
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        new ConsolidateJob(lake.spark(), catalog, "lake", Clock.systemUTC(), line -> {}).run(false);
        List<ThematicJob.Built> third = job.run();
        assertThat(third).filteredOn(ThematicJob.Built::rebuilt).extracting(ThematicJob.Built::table)
                .contains("theme.market_enterprise_profile", "theme.emergency_population_enterprises", "theme.civil_affairs_by_district")
                .doesNotContain("theme.health_births_by_month");
        assertThat(third).filteredOn(ThematicJob.Built::rebuilt).allSatisfy(built -> assertThat(built.rows()).as(built.table()).isEqualTo(lake.spark().table(built.table()).count()));
        assertThat(lake.spark().table("theme.market_enterprise_profile").count()).isEqualTo(lake.spark().table("base.legal_entity").count());
        // the keyed theme took only the changed USCCs' rows, and agrees with its query run in full
        assertThat(third).filteredOn(built -> built.table().equals("theme.market_enterprise_profile")).singleElement().matches(ThematicJob.Built::incremental);
        assertThat(third).filteredOn(built -> !built.table().equals("theme.market_enterprise_profile")).noneMatch(ThematicJob.Built::incremental);
        assertAgreesWithItsQuery(lake, ProjectFiles.schemas().resolve("thematic/market_enterprise_profile.sql"));

        // rows deleted and rows moving from one key to another: both keys' rows change, the deleted one goes
        String moved = lake.spark().sql("SELECT holder_key FROM base.license WHERE holder_key IN (SELECT uscc FROM base.legal_entity) LIMIT 1").first().getString(0);
        String gone = lake.spark().sql(format("SELECT uscc FROM base.legal_entity WHERE uscc <> '%s' ORDER BY uscc LIMIT 1", moved)).first().getString(0);
        lake.spark().sql(format("UPDATE base.license SET holder_key = '%s' WHERE holder_key = '%s'", gone, moved));
        lake.spark().sql(format("DELETE FROM base.legal_entity WHERE uscc = '%s'", gone));
        List<ThematicJob.Built> fourth = job.run();
        assertThat(fourth).filteredOn(built -> built.table().equals("theme.market_enterprise_profile")).singleElement()
                .matches(ThematicJob.Built::incremental)
                .satisfies(built -> assertThat(built.rows()).isEqualTo(lake.spark().table("base.legal_entity").count()));
        assertAgreesWithItsQuery(lake, ProjectFiles.schemas().resolve("thematic/market_enterprise_profile.sql"));
        assertThat(lake.spark().sql(format("SELECT licences FROM theme.market_enterprise_profile WHERE uscc = '%s'", moved)).first().getLong(0)).isZero();

        // a changed row without a key (a licence losing its holder) merges too: the NULL key's row is recomputed like any other
        Path nullable = directory.resolve("nullable");
        Files.createDirectories(nullable);
        Files.writeString(nullable.resolve("licences_by_holder.sql"), """
                -- theme: test
                -- key: holder_key (base.license.holder_key)
                SELECT holder_key, count(*) AS licences FROM base.license GROUP BY holder_key
                """);
        ThematicJob holders = new ThematicJob(lake.spark(), "lake", nullable, line -> {});
        assertThat(holders.run()).singleElement().matches(built -> !built.incremental());
        String holder = lake.spark().sql("SELECT uscc FROM theme.market_enterprise_profile WHERE licences > 0 ORDER BY uscc LIMIT 1").first().getString(0);
        long withoutHolder = lake.spark().sql("SELECT count(*) FROM base.license WHERE holder_key IS NULL").first().getLong(0);
        lake.spark().sql(format("UPDATE base.license SET holder_key = NULL WHERE holder_key = '%s'", holder));
        assertThat(lake.spark().sql("SELECT count(*) FROM base.license WHERE holder_key IS NULL").first().getLong(0)).isGreaterThan(withoutHolder);
        assertThat(holders.run()).singleElement().matches(ThematicJob.Built::incremental);
        assertAgreesWithItsQuery(lake, nullable.resolve("licences_by_holder.sql"));
        assertThat(lake.spark().sql("SELECT licences FROM theme.licences_by_holder WHERE holder_key IS NULL").first().getLong(0))
                .isEqualTo(lake.spark().sql("SELECT count(*) FROM base.license WHERE holder_key IS NULL").first().getLong(0));
        assertThat(job.run()).filteredOn(built -> built.table().equals("theme.market_enterprise_profile")).singleElement().matches(ThematicJob.Built::incremental);
        assertAgreesWithItsQuery(lake, ProjectFiles.schemas().resolve("thematic/market_enterprise_profile.sql"));
        assertThat(lake.spark().sql(format("SELECT licences FROM theme.market_enterprise_profile WHERE uscc = '%s'", holder)).first().getLong(0)).isZero();

        // an edited query rebuilds its table in full though no source moved
        Path edited = directory.resolve("edited");
        Files.createDirectories(edited);
        Files.writeString(edited.resolve("market_enterprise_profile.sql"), Files.readString(ProjectFiles.schemas().resolve("thematic/market_enterprise_profile.sql"))
                .replace("coalesce(c.penalties, 0) AS penalties", "coalesce(c.penalties, 0) + 0 AS penalties"));
        List<ThematicJob.Built> fifth = new ThematicJob(lake.spark(), "lake", edited, line -> {}).run();
        assertThat(fifth).singleElement().matches(ThematicJob.Built::rebuilt).matches(built -> !built.incremental());
        assertThat(new ThematicJob(lake.spark(), "lake", edited, line -> {}).run()).singleElement().matches(built -> !built.rebuilt());
        // a column name that needs quoting and a comment ending the query's last line survive the MERGE
        Path custom = directory.resolve("custom");
        Files.createDirectories(custom);
        Files.writeString(custom.resolve("enterprise_names.sql"), """
                -- theme: test
                -- key: uscc (base.legal_entity.uscc)
                SELECT uscc, upper(name) AS `name in capitals` FROM base.legal_entity -- one row per enterprise
                """);
        ThematicJob names = new ThematicJob(lake.spark(), "lake", custom, line -> {});
        assertThat(names.run()).singleElement().matches(built -> !built.incremental());
        lake.spark().sql(format("UPDATE base.legal_entity SET name = 'renamed' WHERE uscc = '%s'", moved));
        assertThat(names.run()).singleElement().matches(ThematicJob.Built::incremental);
        assertThat(lake.spark().sql(format("SELECT `name in capitals` FROM theme.enterprise_names WHERE uscc = '%s'", moved)).first().getString(0)).isEqualTo("RENAMED");

        // so does a corrected key: what the wrong one let go stale is rebuilt
        Files.writeString(edited.resolve("market_enterprise_profile.sql"), Files.readString(edited.resolve("market_enterprise_profile.sql"))
                .replace("base.credit.subject_key)", "base.credit.rating)"));
        assertThat(new ThematicJob(lake.spark(), "lake", edited, line -> {}).run()).singleElement().matches(ThematicJob.Built::rebuilt).matches(built -> !built.incremental());
    }

    private static void assertAgreesWithItsQuery(TestingLake.Lake lake, Path file)
            throws Exception
    {
        String query = String.join("\n", Files.readAllLines(file).stream().filter(line -> !line.startsWith("--")).toList());
        String table = "theme." + file.getFileName().toString().replace(".sql", "");
        assertThat(lake.spark().sql(format("SELECT * FROM %s EXCEPT ALL (%s)", table, query)).count()).as("rows only in " + table).isZero();
        assertThat(lake.spark().sql(format("(%s) EXCEPT ALL SELECT * FROM %s", query, table)).count()).as("rows missing from " + table).isZero();
    }

    private static long snapshot(TestingLake.Lake lake, String table)
    {
        return lake.spark().sql(format("SELECT snapshot_id FROM %s.history ORDER BY made_current_at DESC LIMIT 1", table)).first().getLong(0);
    }
}
