package io.pdlake.testing;

import io.pdlake.lake.LakeConfig;
import io.pdlake.lake.LakeSession;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real local SparkSession for the whole test JVM (start-up costs seconds), and per test class
 * a fresh lake: its own SQLite catalog, warehouse and landing folder, reached through a child
 * session whose Iceberg catalog points there.
 */
public final class TestingLake
{
    private static SparkSession shared;

    public record Lake(SparkSession spark, LakeConfig config, Path landing) {}

    private TestingLake() {}

    public static synchronized Lake create(Path directory)
    {
        try {
            Files.createDirectories(directory.resolve("landing"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LakeConfig config = LakeConfig.load(ProjectFiles.root(), "local", Map.of(
                LakeConfig.CATALOG_URI, "jdbc:sqlite:" + directory.resolve("catalog.db"),
                LakeConfig.WAREHOUSE, directory.resolve("warehouse").toString(),
                LakeConfig.LANDING_DIR, directory.resolve("landing").toString(),
                LakeConfig.STORAGE_ALLOWED, directory.toString(),
                // one secret for every test lake, so that lakes built apart (a crashed run and its
                // rerun, a child JVM and this one) agree on lookup keys
                LakeConfig.LOOKUP_SECRET_FILE, ProjectFiles.root().resolve("target/test-lookup.secret").toString(),
                "spark.sql.shuffle.partitions", "2",
                "spark.driver.memory", "1g"), Map.of());
        if (shared == null) {
            shared = LakeSession.create(config, "pdlake-tests");
            shared.sparkContext().setLogLevel("WARN");
        }
        SparkSession session = shared.newSession();
        String catalog = "spark.sql.catalog." + config.catalogName();
        session.conf().set(catalog + ".uri", config.catalogUri());
        session.conf().set(catalog + ".warehouse", config.warehouse());
        return new Lake(session, config, directory.resolve("landing"));
    }
}
