package io.pdlake.open;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.identity.IdNumbers;
import io.pdlake.ingest.IngestJob;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TestOpenDataPublisher
{
    private static final LocalDate DATE = LocalDate.parse("2026-11-28");
    private static final String REVIEW = "  review:\n    date: 2026-11-20\n    by: 市数据局保密审查小组\n    reference: 邢数审〔2026〕31号\n";

    @TempDir
    Path directory;

    @Test
    void publishesOnlyOpenReviewedEntriesWithNoUnmaskedPersonalData()
            throws Exception
    {
        // a copy of the catalog where household registration is open and reviewed (its ID number
        // only "personal", so it is masked rather than removed) and the Ningjin register open but not reviewed
        Path schemas = directory.resolve("schemas");
        ProjectFiles.copyTree(ProjectFiles.schemas(), schemas);
        Path household = schemas.resolve("catalog/gongan/household_registration.yaml");
        Files.writeString(household, Files.readString(household).replace("open:\n  type: none\n", "open:\n  type: unconditional\n" + REVIEW)
                .replace("sensitive: sensitive-personal", "sensitive: personal"));
        Path ningjin = schemas.resolve("catalog/ningjin_scjg/ningjin_enterprise_registration.yaml");
        Files.writeString(ningjin, Files.readString(ningjin).replace("open:\n  type: none\n", "open:\n  type: unconditional\n"));
        ResourceCatalog catalog = ResourceCatalog.load(schemas);

        TestingLake.Lake lake = TestingLake.create(directory.resolve("lake"));
        new SampleGenerator(catalog, new SampleGenerator.Options(240, 5, 0.05, 0.05)).write(lake.landing());
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        String location = directory.resolve("open").toUri().toString();
        OpenDataPublisher publisher = new OpenDataPublisher(lake.spark(), catalog, "lake", 1);

        OpenDataPublisher.Result result = publisher.publish(List.of(), DATE, location, Instant.parse("2026-11-28T02:00:00Z"), "bureau.open");

        assertThat(result.published()).extracting(OpenDataPublisher.Published::resourceCode).containsExactlyInAnyOrder(
                "XT-GA-0001", "XT-MZ-0001", "XT-SC-0001", "XT-SC-0003", "XT-SW-0002", "XT-WJ-0001", "XT-XY-0001", "XT-XY-0002", "XT-SP-0001");
        assertThat(result.refused()).extracting(OpenDataPublisher.Refusal::resourceCode).contains("XT-MZ-0002", "XT-ZR-0001");
        assertThat(result.refused()).contains(
                new OpenDataPublisher.Refusal("XT-MZ-0002", "not open: the catalog lists it as not open (open.type none, Art. 29)"),
                new OpenDataPublisher.Refusal(catalog.entries().stream().filter(entry -> entry.table().equals("ningjin_enterprise_registration")).findFirst().orElseThrow().code(),
                        "no confidentiality review recorded (Art. 28): add open.review with date, by and reference"));
        assertThat(result.refused()).filteredOn(refusal -> refusal.reason().startsWith("open on application only (Art. 30)")).isNotEmpty();

        // every dataset: one newest row per subject, the same in Parquet and CSV, with its dictionary
        for (OpenDataPublisher.Published dataset : result.published()) {
            String table = catalog.entry(dataset.resourceCode()).orElseThrow().rawTable();
            String key = catalog.entry(dataset.resourceCode()).orElseThrow().subjectKey().field();
            assertThat(dataset.rows()).as(dataset.resourceCode()).isEqualTo(lake.spark().table(table).select(key).distinct().count());
            assertThat(lake.spark().read().parquet(dataset.location() + "/parquet").count()).isEqualTo(dataset.rows());
            assertThat(lake.spark().read().option("header", "true").csv(dataset.location() + "/csv").count()).isEqualTo(dataset.rows());
            assertThat(Path.of(java.net.URI.create(dataset.location() + "/" + OpenDataPublisher.DICTIONARY))).exists();
        }

        // household registration: ID numbers, names, birth dates and addresses masked; nothing personal left whole
        String householdLocation = location + "/2026-11-28/XT-GA-0001";
        Dataset<Row> people = lake.spark().read().option("header", "true").csv(householdLocation + "/csv");
        Set<String> rawValues = new HashSet<>();
        for (Row row : lake.spark().sql("SELECT id_number, name, household_address, CAST(birth_date AS STRING) FROM raw.household_registration").collectAsList()) {
            for (int column = 0; column < row.size(); column++) {
                if (!row.isNullAt(column)) {
                    rawValues.add(row.getString(column));
                }
            }
        }
        List<Row> published = people.collectAsList();
        assertThat(published).isNotEmpty();
        for (Row row : published) {
            for (int column = 0; column < row.size(); column++) {
                String value = row.isNullAt(column) ? null : row.getString(column);
                if (value == null) {
                    continue;
                }
                assertThat(rawValues).as("an unmasked personal value in column %s", people.columns()[column]).doesNotContain(value);
                assertThat(value.length() == 18 && IdNumbers.check(value).isValid()).as("a whole ID number: %s", value).isFalse();
            }
            assertThat(row.<String>getAs("id_number")).matches("\\d{6}\\*{8}[0-9X]{4}");
            assertThat(row.<String>getAs("name")).matches(".\\*\\*");
            assertThat(row.<String>getAs("birth_date")).endsWith("-01-01");
        }
        JsonNode dictionary = new ObjectMapper().readTree(Path.of(java.net.URI.create(householdLocation + "/" + OpenDataPublisher.DICTIONARY)).toFile());
        assertThat(dictionary.path("confidentiality_review").path("reference").asText()).isEqualTo("邢数审〔2026〕31号");
        assertThat(dictionary.path("fields").findValuesAsText("treatment")).containsExactly("masked", "masked", "kept", "masked", "kept", "masked", "kept");

        // enterprise registration: the legal representative's name is masked, and a sensitive field would be removed
        assertThat(lake.spark().read().parquet(location + "/2026-11-28/XT-SC-0001/parquet").select("legal_representative").collectAsList())
                .allSatisfy(row -> assertThat(row.getString(0)).matches(".\\*\\*"));

        // publishing the same date again replaces the datasets with the same rows; the audit log has each export and desensitisation
        long before = lake.spark().read().parquet(householdLocation + "/parquet").count();
        publisher.publish(List.of("XT-GA-0001"), DATE, location, Instant.parse("2026-11-28T03:00:00Z"), "bureau.open");
        assertThat(lake.spark().read().parquet(householdLocation + "/parquet").count()).isEqualTo(before);
        List<Row> audit = lake.spark().sql("SELECT action, subject FROM meta.audit_log WHERE resource_code = 'XT-GA-0001' ORDER BY at, action").collectAsList();
        assertThat(audit).extracting(row -> row.getString(0)).containsExactly("desensitise", "export", "desensitise", "export");
        assertThat(audit).allSatisfy(row -> assertThat(row.getString(1)).isEqualTo(householdLocation));
        assertThat(publisher.publish(List.of("XT-MZ-0002", "XT-NOPE-1"), DATE, location, Instant.now(), "bureau.open").refused())
                .extracting(OpenDataPublisher.Refusal::reason).containsExactly("unknown catalog entry", "not open: the catalog lists it as not open (open.type none, Art. 29)");
    }
}
