package io.pdlake.serve;

import io.pdlake.catalog.ShareType;
import io.pdlake.share.EmergencyOverride;
import io.pdlake.share.EmergencyOverrides;

import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.consolidate.ConsolidateJob;
import io.pdlake.ingest.IngestJob;
import io.pdlake.quality.FreshnessPolicy;
import io.pdlake.quality.ScoreJob;
import io.pdlake.sample.SampleGenerator;
import io.pdlake.testing.ProjectFiles;
import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real Trino 476 server, started once for the run with bin/trino over a lake the Spark jobs
 * wrote: counts, Chinese text, what each role may see, and reads during a Spark commit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestTrinoServer
{
    @TempDir
    static Path directory;

    static TestingLake.Lake lake;
    static ResourceCatalog catalog;
    static Path trinoDirectory;
    static int port;

    @BeforeAll
    static void startTrinoOverASparkLake()
            throws Exception
    {
        lake = TestingLake.create(directory.resolve("lake"));
        catalog = ResourceCatalog.load(ProjectFiles.schemas());
        new SampleGenerator(catalog, new SampleGenerator.Options(480, 9, 0.05, 0.1)).write(lake.landing());
        new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
        new ConsolidateJob(lake.spark(), catalog, "lake", Clock.systemUTC(), line -> {}).withLookupKeys(lake.config().lookupKeys()).run(false);
        ShareGrants grants = new ShareGrants(lake.spark());
        Instant now = Instant.now();
        grants.grant("rsj", "XT-GA-0001", "社会保险参保资格核验 social insurance eligibility checks", now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), "test");

        trinoDirectory = directory.resolve("trino");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CatalogBootstrap.ensure(lake.config());
        new TrinoConfiguration(lake.config()).write(trinoDirectory.resolve("etc"), trinoDirectory.resolve("data"), port);
        writeRules();
        run("launch");
    }

    @AfterAll
    static void stopTrino()
            throws Exception
    {
        if (trinoDirectory != null) {
            run("stop");
        }
    }

    static void writeRules()
    {
        writeRules(Instant.now());
    }

    static void writeRules(Instant now)
    {
        new AccessRules(catalog, "lake", "admin").write(trinoDirectory.resolve("etc"), new ShareGrants(lake.spark()).all(),
                new EmergencyOverrides(lake.spark()).all(), now);
    }

    static void run(String command)
            throws IOException, InterruptedException
    {
        ProcessBuilder builder = new ProcessBuilder(ProjectFiles.root().resolve("bin/trino").toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("bin-trino-" + command + ".log").toFile());
        builder.environment().put("PDLAKE_TRINO_DIR", trinoDirectory.toString());
        builder.environment().put("PDLAKE_TRINO_PORT", Integer.toString(port));
        Process process = builder.start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("bin/trino " + command + " finished").isTrue();
        assertThat(process.exitValue()).as("bin/trino %s: %s", command, Files.readString(directory.resolve("bin-trino-" + command + ".log"))).isZero();
    }

    static Connection connect(String user)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port + "/lake", properties);
    }

    static List<List<String>> query(String user, String sql)
            throws SQLException
    {
        try (Connection connection = connect(user); Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static void execute(String user, String sql)
            throws SQLException
    {
        try (Connection connection = connect(user); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String single(String user, String sql)
            throws SQLException
    {
        return query(user, sql).get(0).get(0);
    }

    @Test
    @Order(1)
    void trinoCountsEqualSparksForEveryBaseTable()
            throws SQLException
    {
        for (String table : List.of("base.person", "base.legal_entity", "base.license", "base.credit", "base.spatial", "quality.conflicts")) {
            long spark = lake.spark().table(table).count();
            assertThat(spark).as(table).isPositive();
            assertThat(Long.parseLong(single("admin", "SELECT count(*) FROM " + table))).as(table).isEqualTo(spark);
        }
    }

    @Test
    @Order(2)
    void chineseTextRoundTrips()
            throws SQLException
    {
        var row = lake.spark().sql("SELECT id_number, name, household_address FROM base.person WHERE household_address IS NOT NULL ORDER BY id_number LIMIT 1").first();
        List<String> trino = query("admin", "SELECT name, household_address FROM base.person WHERE id_number = '" + row.getString(0) + "'").get(0);
        assertThat(trino).containsExactly(row.getString(1), row.getString(2));
        assertThat(trino.get(1)).startsWith("河北省邢台市");
    }

    @Test
    @Order(3)
    void eachRoleSeesWhatTheRulesAllow()
            throws SQLException
    {
        // the provider reads its conditional-share table in full
        // masks apply before ORDER BY, so rows are picked by unmasked lineage columns
        String row = " FROM raw.household_registration WHERE _batch_id LIKE '%/20261102' AND _source_line = (SELECT min(_source_line) FROM raw.household_registration"
                + " WHERE _batch_id LIKE '%/20261102')";
        String id = single("gongan", "SELECT id_number" + row);
        assertThat(id).matches("\\d{17}[\\dX]");
        // a granted department reads it masked
        List<String> masked = query("rsj.wang", "SELECT id_number, name, household_address" + row).get(0);
        assertThat(masked.get(0)).isEqualTo(id.substring(0, 6) + "********" + id.substring(14));
        assertThat(masked.get(1)).matches(".\\*\\*");
        assertThat(masked.get(2)).matches("河北省邢台市.+[区县市]");
        // without a grant: denied
        assertThatThrownBy(() -> query("scjg", "SELECT count(*) FROM raw.household_registration")).hasMessageContaining("Access Denied");
        // not shared: only the provider
        assertThatThrownBy(() -> query("rsj", "SELECT count(*) FROM raw.marriage_registration")).hasMessageContaining("Access Denied");
        assertThat(single("mzj", "SELECT count(*) FROM raw.marriage_registration")).isNotEqualTo("0");
        // unconditional: everyone
        assertThat(single("wjw", "SELECT count(*) FROM raw.enterprise_registration")).isNotEqualTo("0");
        // base tables: everyone, personal columns masked
        assertThat(single("xzsp", "SELECT id_number FROM base.person ORDER BY id_number LIMIT 1")).contains("********");
        // rejects: only one's own, raw text hidden
        assertThat(query("gongan", "SELECT DISTINCT department FROM quality.rejects")).allSatisfy(line -> assertThat(line.get(0)).isEqualTo("gongan"));
        assertThat(single("gongan", "SELECT count(raw_text) FROM quality.rejects")).isEqualTo("0");
        // the bureau's admin sees everything
        assertThat(single("admin", "SELECT id_number" + row)).isEqualTo(id);
        assertThat(Long.parseLong(single("admin", "SELECT count(raw_text) FROM quality.rejects"))).isPositive();
    }

    @Test
    @Order(3)
    void theStartingQueriesAnswerEveryRoleMaskedPerRole()
            throws Exception
    {
        Row person = lake.spark().sql("SELECT id_number, name, phone, household_address FROM base.person "
                + "WHERE name IS NOT NULL AND phone IS NOT NULL AND household_address IS NOT NULL ORDER BY id_number LIMIT 1").first();
        String id = person.getString(0);
        String byId = startingQuery("person_by_id.sql", "lookup_key", lake.config().lookupKeys().key(id));
        List<String> admin = query("admin", byId).get(0);
        assertThat(admin.subList(0, 2)).containsExactly(id, person.getString(1));
        // a department finds the same person by the key, and sees it masked
        List<List<String>> masked = query("xzsp.li", byId);
        assertThat(masked).hasSize(1);
        assertThat(masked.get(0).get(0)).isEqualTo(id.substring(0, 6) + "********" + id.substring(14));
        assertThat(masked.get(0).get(1)).isEqualTo(person.getString(1).substring(0, 1) + "**");
        assertThat(masked.get(0).get(4)).matches("河北省邢台市.+[区县市]").isNotEqualTo(person.getString(3));
        assertThat(masked.get(0).get(6)).isEqualTo(person.getString(2).substring(0, 3) + "****" + person.getString(2).substring(person.getString(2).length() - 4));
        // the plain ID number finds nothing for a masked role: the mask comes first
        assertThat(query("xzsp", "SELECT count(*) FROM base.person WHERE id_number = '" + id + "'").get(0).get(0)).isEqualTo("0");

        String uscc = lake.spark().sql("SELECT min(uscc) FROM base.legal_entity WHERE name IS NOT NULL").first().getString(0);
        List<List<String>> profile = query("rsj", startingQuery("enterprise_profile.sql", "uscc", uscc));
        assertThat(profile).hasSize(1);
        assertThat(profile.get(0).get(0)).isEqualTo(uscc);
        assertThat(Long.parseLong(profile.get(0).get(9)) + Long.parseLong(profile.get(0).get(10))).isEqualTo(
                lake.spark().sql("SELECT count(*) FROM base.license WHERE holder_key = '" + uscc + "'").first().getLong(0)
                        + lake.spark().sql("SELECT count(*) FROM base.credit WHERE subject_key = '" + uscc + "'").first().getLong(0));

        // delivery status reads the freshness verdicts too, which scoring writes
        WorkingCalendar calendar = WorkingCalendar.load(ProjectFiles.root().resolve("conf/calendar"));
        new ScoreJob(lake.spark(), catalog, calendar, new FreshnessPolicy(calendar, Duration.ofHours(2)), List.of(), line -> {}).run(Instant.now());
        List<List<String>> delivery = query("scjg", startingQuery("department_delivery.sql", "", ""));
        long departments = lake.spark().sql("SELECT count(DISTINCT department) FROM meta.feed_batches WHERE resource_code IS NOT NULL").first().getLong(0);
        assertThat(delivery).hasSize((int) departments);
        assertThat(delivery).allSatisfy(line -> assertThat(Long.parseLong(line.get(2))).isPositive());
    }

    /** A query from conf/trino/queries with its one placeholder filled, as an analyst would. */
    private static String startingQuery(String file, String placeholder, String value)
            throws IOException
    {
        String sql = Files.readString(ProjectFiles.root().resolve("conf/trino/queries").resolve(file));
        return placeholder.isEmpty() ? sql : sql.replace("${" + placeholder + "}", value);
    }

    @Test
    @Order(4)
    void metadataTablesDoNotRevealWhatTheTableHides()
            throws SQLException
    {
        assertThatThrownBy(() -> query("rsj", "SELECT readable_metrics FROM raw.\"household_registration$files\"")).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> query("rsj", "SELECT * FROM raw.\"household_registration$snapshots\"")).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> query("scjg", "SELECT * FROM base.\"person$files\"")).hasMessageContaining("Access Denied");
        assertThat(query("gongan", "SELECT file_path FROM raw.\"household_registration$files\"")).isNotEmpty();
    }

    @Test
    @Order(5)
    void anAnalystQuerySucceedsWhileSparkCommits()
            throws Exception
    {
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        Thread analyst = new Thread(() -> {
            while (!done.get()) {
                try {
                    query("admin", "SELECT count(*), count(DISTINCT name) FROM base.person");
                    query("wjw", "SELECT count(*) FROM raw.enterprise_registration");
                }
                catch (SQLException e) {
                    failures.add(e);
                }
            }
        });
        analyst.start();
        try {
            new SampleGenerator(catalog, new SampleGenerator.Options(480, 10, 0.05, 0.1)).write(lake.landing().resolve("../landing-second"));
            Path second = lake.landing().resolve("130500/scjg/enterprise_registration/20261120");
            Files.createDirectories(second);
            Files.copy(lake.landing().resolve("../landing-second/130500/scjg/enterprise_registration/20261102/part-00001.csv"), second.resolve("part-00001.csv"));
            new IngestJob(lake.spark(), catalog, lake.config().landingDirectory(), Clock.systemUTC(), line -> {}).run();
            new ConsolidateJob(lake.spark(), catalog, "lake", Clock.systemUTC(), line -> {}).run(false);
        }
        finally {
            done.set(true);
            analyst.join(120_000);
        }
        assertThat(failures).isEmpty();
        assertThat(Long.parseLong(single("admin", "SELECT count(*) FROM raw.enterprise_registration"))).isEqualTo(lake.spark().table("raw.enterprise_registration").count());
    }

    @Test
    @Order(6)
    void aRevokedGrantLapsesAtTheNextRulesRefresh()
            throws Exception
    {
        new ShareGrants(lake.spark()).revoke("rsj", "XT-GA-0001", Instant.now());
        writeRules();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean denied = false;
        while (!denied && System.nanoTime() < deadline) {
            try {
                query("rsj", "SELECT count(*) FROM raw.household_registration");
                Thread.sleep(1000);
            }
            catch (SQLException e) {
                denied = e.getMessage().contains("Access Denied");
            }
        }
        assertThat(denied).as("rsj denied after the revoke").isTrue();
    }

    @Test
    @Order(7)
    void theAuditLogIsAppendOnlyBelowTheAdmin()
            throws Exception
    {
        execute("scjg", "INSERT INTO meta.audit_log (event_id, at, actor, action, department, subject, detail) "
                + "VALUES ('e-1', current_timestamp, 'scjg.li', 'export', 'scjg', 'report.xlsx', 'exported by hand')");
        assertThat(single("scjg", "SELECT actor FROM meta.audit_log WHERE event_id = 'e-1'")).isEqualTo("scjg.li");
        // another department's events are neither visible nor writable
        assertThat(single("rsj", "SELECT count(*) FROM meta.audit_log WHERE event_id = 'e-1'")).isEqualTo("0");
        assertThatThrownBy(() -> execute("rsj", "INSERT INTO meta.audit_log (event_id, department) VALUES ('e-2', 'scjg')")).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> execute("scjg", "DELETE FROM meta.audit_log WHERE event_id = 'e-1'")).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> execute("scjg", "UPDATE meta.audit_log SET detail = 'nothing' WHERE event_id = 'e-1'")).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> execute("scjg", "INSERT INTO raw.enterprise_registration (uscc) VALUES ('x')")).hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> execute("scjg", "CREATE TABLE theme.mine (x integer)")).hasMessageContaining("Access Denied");
        // the admin may correct the log
        execute("admin", "DELETE FROM meta.audit_log WHERE event_id = 'e-1'");
        assertThat(single("admin", "SELECT count(*) FROM meta.audit_log WHERE event_id = 'e-1'")).isEqualTo("0");
    }

    @Test
    @Order(8)
    void anEmergencyOverrideOpensAnEntryUntilItLapses()
            throws Exception
    {
        Instant now = Instant.now();
        new EmergencyOverrides(lake.spark()).save(new EmergencyOverride("EO-test", "XT-MZ-0002", ShareType.NONE, ShareType.UNCONDITIONAL,
                "防汛应急 flood response", "bureau.wang", now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS), Optional.empty(), Optional.empty()));
        writeRules(now);
        assertThat(eventually("rsj", "SELECT count(*) FROM raw.marriage_registration", true)).isTrue();
        writeRules(now.plus(2, ChronoUnit.DAYS));
        assertThat(eventually("rsj", "SELECT count(*) FROM raw.marriage_registration", false)).as("denied once the override lapsed").isTrue();
    }

    /** Trino re-reads rules.json within seconds: waits until the query is allowed, or denied. */
    private static boolean eventually(String user, String sql, boolean allowed)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                query(user, sql);
                if (allowed) {
                    return true;
                }
            }
            catch (SQLException e) {
                if (!allowed && e.getMessage().contains("Access Denied")) {
                    return true;
                }
            }
            Thread.sleep(1000);
        }
        return false;
    }
}
