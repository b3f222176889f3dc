package io.pdlake.lake;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the SparkSession with the Iceberg catalog of a deployment. */
public final class LakeSession
{
    private LakeSession() {}

    public static SparkSession create(LakeConfig config, String applicationName)
    {
        SparkConf sparkConf = new SparkConf().setAppName(applicationName);
        config.sparkMaster().ifPresent(sparkConf::setMaster);
        config.sparkProperties().forEach(sparkConf::set);
        String catalog = "spark.sql.catalog." + config.catalogName();
        sparkConf.set("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        sparkConf.set("spark.sql.defaultCatalog", config.catalogName());
        sparkConf.set("spark.sql.session.timeZone", "Asia/Shanghai");
        sparkConf.set("spark.sql.datetime.java8API.enabled", "true");
        sparkConf.set(catalog, "org.apache.iceberg.spark.SparkCatalog");
        sparkConf.set(catalog + ".type", "jdbc");
        sparkConf.set(catalog + ".uri", config.catalogUri());
        sparkConf.set(catalog + ".warehouse", config.warehouse());
        // V1 adds the view columns Trino expects; Trino never creates these tables itself
        sparkConf.set(catalog + ".jdbc.schema-version", "V1");
        config.catalogUser().ifPresent(user -> sparkConf.set(catalog + ".jdbc.user", user));
        config.catalogPassword().ifPresent(password -> sparkConf.set(catalog + ".jdbc.password", password));
        if (config.catalogIsSqlite()) {
            // one connection: SQLite serialises writers, and a pool of them only adds lock waits
            sparkConf.set(catalog + ".clients", "1");
            // another process (a concurrent job, Trino) may hold the write lock for a moment: wait, don't fail
            sparkConf.set(catalog + ".jdbc.busy_timeout", "30000");
            createParent(config.catalogUri().substring("jdbc:sqlite:".length()));
        }
        sparkConf.setIfMissing("spark.driver.host", "127.0.0.1");
        return SparkSession.builder().config(sparkConf).getOrCreate();
    }

    private static void createParent(String file)
    {
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the catalog directory " + parent, e);
        }
    }
}
