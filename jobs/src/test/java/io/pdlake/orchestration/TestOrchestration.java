package io.pdlake.orchestration;

import io.pdlake.catalog.ValidationProblem;
import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TestOrchestration
{
    @TempDir
    Path temporary;

    @Test
    void shippedDescriptorsAreValidAndOrdered()
    {
        Orchestration orchestration = Orchestration.read(ProjectFiles.root().resolve("orchestration"));
        assertThat(orchestration.problems()).isEmpty();
        assertThat(orchestration.jobs()).containsKeys("catalog_load", "ingest", "consolidate", "thematic", "score", "scorecard", "open_publish");
        assertThat(orchestration.order(orchestration.pipelines().get("pdlake_daily")))
                .extracting(JobDescriptor::job)
                .containsExactly("catalog_load", "ingest", "consolidate", "thematic", "score", "scorecard", "open_publish");
        assertThat(orchestration.jobs().get("ingest").retries()).isEqualTo(3);
        // expired grants and lapsed overrides must leave Trino's rules without anyone at a keyboard
        Pipeline accessRules = orchestration.pipelines().get("pdlake_access_rules");
        assertThat(accessRules.schedule()).isEqualTo("0 * * * *");
        assertThat(orchestration.order(accessRules)).extracting(JobDescriptor::job).containsExactly("trino_rules");
        JobDescriptor trinoRules = orchestration.jobs().get("trino_rules");
        assertThat(trinoRules.arguments()).containsExactly("trino", "rules");
        assertThat(trinoRules.inputs()).contains("meta.share_grants", "meta.share_overrides");
        assertThat(trinoRules.outputs()).containsExactly("target/trino/etc/rules.json");
        // hourly small batches: one Spark application for the three jobs
        assertThat(orchestration.pipelines().get("pdlake_ingest_only").oneSession()).isTrue();
        assertThat(orchestration.pipelines().get("pdlake_daily").oneSession()).isFalse();
    }

    @Test
    void oneSessionNeedsOneMainClass()
            throws IOException
    {
        Path copy = copyOfOrchestration();
        Path consolidate = copy.resolve("jobs/consolidate.yaml");
        Files.writeString(consolidate, Files.readString(consolidate).replace("main_class: io.pdlake.cli.Pdlake", "main_class: org.example.Consolidate"));

        Orchestration orchestration = Orchestration.read(copy);

        assertThat(orchestration.problems()).extracting(ValidationProblem::toString).containsExactly(
                "orchestration/pipelines/pdlake_ingest_only.yaml: pdlake_ingest_only.one_session: the jobs of one session must share a main class, not io.pdlake.cli.Pdlake, org.example.Consolidate");
    }

    @Test
    void reportsProblemsWithFileAndKey()
            throws IOException
    {
        Path copy = copyOfOrchestration();
        Path ingest = copy.resolve("jobs/ingest.yaml");
        Files.writeString(ingest, Files.readString(ingest).replace("retries: 3", "retries: many").replace("depends_on: [catalog_load]", "depends_on: [catalog_load, nowhere]"));
        Path catalogLoad = copy.resolve("jobs/catalog_load.yaml");
        Files.writeString(catalogLoad, Files.readString(catalogLoad).replace("depends_on: []", "depends_on: [scorecard]"));
        Path daily = copy.resolve("pipelines/pdlake_daily.yaml");
        Files.writeString(daily, Files.readString(daily).replace("tasks: [catalog_load, ingest", "tasks: [catalog_load, publish, ingest").replace("schedule: \"30 1 * * *\"", "schedule: nightly"));

        Orchestration orchestration = Orchestration.read(copy);

        assertThat(orchestration.problems()).extracting(ValidationProblem::file, ValidationProblem::field)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("orchestration/jobs/ingest.yaml", "default_args.retries"),
                        org.assertj.core.groups.Tuple.tuple("orchestration/pipelines/pdlake_daily.yaml", "pdlake_daily.schedule"));
        Orchestration withoutSchemaErrors = Orchestration.read(copyWith(copy, "retries: many", "retries: 3"));
        assertThat(withoutSchemaErrors.problems()).extracting(ValidationProblem::toString).contains(
                "orchestration/jobs/ingest.yaml: depends_on[1]: unknown job nowhere",
                "orchestration/jobs/catalog_load.yaml: depends_on: dependency cycle: catalog_load -> scorecard -> score -> consolidate -> ingest -> catalog_load");
    }

    /** The shipped schemas, jobs and pipelines in a scratch folder, to break on purpose. */
    private Path copyOfOrchestration()
            throws IOException
    {
        Path copy = temporary.resolve("orchestration");
        for (String folder : new String[] {"schema", "jobs", "pipelines"}) {
            ProjectFiles.copyTree(ProjectFiles.root().resolve("orchestration").resolve(folder), copy.resolve(folder));
        }
        return copy;
    }

    private static Path copyWith(Path directory, String from, String to)
            throws IOException
    {
        Path ingest = directory.resolve("jobs/ingest.yaml");
        Files.writeString(ingest, Files.readString(ingest).replace(from, to));
        return directory;
    }
}
