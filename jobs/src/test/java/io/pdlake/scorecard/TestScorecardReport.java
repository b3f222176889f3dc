package io.pdlake.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.FeedFormat;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.ingest.IngestJob;
import io.pdlake.ingest.Masking;
import io.pdlake.quality.DutyChange;
import io.pdlake.quality.FreshnessPolicy;
import io.pdlake.quality.ScoreJob;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.testing.Chromium;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The scorecard from two scoring runs over sample feeds, opened in a real headless Chromium. */
class TestScorecardReport
{
    /** Kept after the run as a test artifact. */
    static final Path ARTIFACTS = ProjectFiles.root().resolve("jobs/target/test-artifacts/scorecard");

    @TempDir
    static Path directory;

    static TestingLake.Lake lake;
    static ResourceCatalog catalog;
    static ScorecardReport.Written written;

    static Instant at(String localDateTime)
    {
        return LocalDateTime.parse(localDateTime).atZone(WorkingCalendar.ZONE).toInstant();
    }

    @BeforeAll
    static void scoreTwiceAndWrite()
    {
        lake = TestingLake.create(directory);
        catalog = ResourceCatalog.load(ProjectFiles.schemas());
        new SampleGenerator(catalog, new SampleGenerator.Options(480, 5, 0.1, 0.1)).write(lake.landing());
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.fixed(at("2026-11-03T18:00:00"), WorkingCalendar.ZONE), line -> {}).run();
        new ConsolidateJob(lake.spark(), catalog, "lake", Clock.fixed(at("2026-11-03T19:00:00"), WorkingCalendar.ZONE), line -> {}).run(false);
        WorkingCalendar calendar = WorkingCalendar.load(ProjectFiles.root().resolve("conf/calendar"));
        ScoreJob score = new ScoreJob(lake.spark(), catalog, calendar, new FreshnessPolicy(calendar, Duration.ofHours(2)),
                DutyChange.load(ProjectFiles.schemas().resolve("duty-changes.yaml")), line -> {});
        score.run(at("2026-11-04T09:00:00"));
        score.run(at("2026-11-20T09:00:00"));
        written = new ScorecardReport(lake.spark(), catalog).write(ARTIFACTS);
    }

    @Test
    void writesCsvAndJsonOfTheSameFigures()
            throws IOException
    {
        List<String> csv = Files.readAllLines(written.csv());
        assertThat(csv).hasSize(14);
        assertThat(csv.get(0)).startsWith("rank,department,department_name,department_name_en,conformity");
        JsonNode json = new ObjectMapper().readTree(written.json().toFile());
        assertThat(json.path("evaluationDate").asText()).isEqualTo("2026-11-20");
        assertThat(json.path("departments")).hasSize(13);
        assertThat(json.path("trend").path("runs")).hasSize(2);
        String firstDepartment = csv.get(1).split(",")[1];
        assertThat(json.path("departments").get(0).path("code").asText()).isEqualTo(firstDepartment);
        assertThat(json.path("overdueFeeds").size()).isPositive();
        assertThat(written.summary()).startsWith("scorecard 2026-11-20: 13 departments, ").contains("top:", "bottom:");
    }

    @Test
    void masksPersonalData()
            throws IOException
    {
        String html = Files.readString(written.html());
        List<String> idNumbers = lake.spark().sql("SELECT id_number FROM base.person").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(idNumbers).isNotEmpty().allSatisfy(id -> assertThat(html).doesNotContain(id));
        List<String> names = lake.spark().sql("SELECT name FROM base.person WHERE length(name) >= 3").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(names).allSatisfy(name -> assertThat(html).doesNotContain("<td>" + name + "</td>"));
    }

    @Test
    void rejectDrillDownShowsSampleRowsWithIdNumbersMasked()
            throws IOException
    {
        String html = Files.readString(written.html());
        String json = Files.readString(written.json());
        String csv = Files.readString(written.csv());
        JsonNode departments = new ObjectMapper().readTree(json).path("departments");
        Pattern maskedId = Pattern.compile("\\d{6}\\*{8}[0-9X]{4}");
        Pattern fullId = Pattern.compile("\\d{17}[0-9X]");
        List<String> checked = new ArrayList<>();
        for (JsonNode department : departments) {
            for (JsonNode reject : department.path("rejects")) {
                assertThat(reject.path("samples").size()).isBetween(1, 3);
                for (JsonNode sample : reject.path("samples")) {
                    assertThat(html).contains(sample.path("file").asText());
                    Matcher masked = maskedId.matcher(sample.path("rawText").asText());
                    Optional<String> original = masked.find() ? originalLine(sample.path("file").asText(), sample.path("line").asLong()) : Optional.empty();
                    if (original.isEmpty()) {
                        continue;
                    }
                    // the landing file holds the full number behind the masked one
                    Matcher candidates = fullId.matcher(original.get());
                    while (candidates.find()) {
                        String id = candidates.group();
                        if (Masking.mask(id).equals(masked.group())) {
                            assertThat(html).contains(masked.group()).doesNotContain(id);
                            assertThat(json).doesNotContain(id);
                            assertThat(csv).doesNotContain(id);
                            checked.add(id);
                        }
                    }
                }
            }
        }
        assertThat(checked).as("rejected rows with an ID number among the sample rows").isNotEmpty();
    }

    /** The physical line of a text feed under the landing root, read in its entry's encoding; empty for Parquet. */
    private static Optional<String> originalLine(String sourceFile, long line)
            throws IOException
    {
        String[] parts = sourceFile.split("/");
        CatalogEntry entry = catalog.entries().stream()
                .filter(candidate -> candidate.department().equals(parts[1]) && candidate.table().equals(parts[2]))
                .findFirst().orElseThrow();
        if (entry.format() == FeedFormat.PARQUET) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(lake.landing().resolve(sourceFile), Charset.forName(entry.encoding()));
        return Optional.of(lines.get((int) line - 1));
    }

    @Test
    void rendersInARealBrowserWithoutErrors()
            throws IOException
    {
        Chromium chromium = Chromium.find();
        String url = written.html().toUri().toString();
        Chromium.Run dom = chromium.run(directory.resolve("chromium-dom"), "--virtual-time-budget=10000", "--dump-dom", url);
        assertThat(dom.stdout()).contains("data-rendered=\"true\"");
        // the page records uncaught errors and console.error calls in data-errors
        Matcher errors = Pattern.compile("data-errors=\"([^\"]*)\"").matcher(dom.stdout());
        assertThat(errors.find() ? errors.group(1) : "").as("errors the page recorded").isEmpty();
        assertThat(dom.stderr()).doesNotContain("Uncaught");
        assertThat(count(dom.stdout(), "<svg")).isGreaterThanOrEqualTo(3);
        String ranking = dom.stdout().substring(dom.stdout().indexOf("<table id=\"ranking\">"), dom.stdout().indexOf("</table>", dom.stdout().indexOf("<table id=\"ranking\">")));
        assertThat(count(ranking, "<tr>")).isEqualTo(14);
        assertThat(dom.stdout()).contains("部门排名", "Department ranking", "规范性", "Conformity");

        Path screenshot = ARTIFACTS.resolve("scorecard.png");
        Files.deleteIfExists(screenshot);
        chromium.run(directory.resolve("chromium-shot"), "--virtual-time-budget=10000", "--window-size=1280,2400", "--screenshot=" + screenshot, url);
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(20_000);
    }

    private static int count(String text, String pattern)
    {
        Matcher matcher = Pattern.compile(Pattern.quote(pattern)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
