package io.pdlake.serve;

import io.pdlake.lake.LakeConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.jdbc.JdbcCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Creates the Iceberg JDBC catalog's tables (iceberg_tables, iceberg_namespace_properties, in the
 * V1 layout) before Trino first starts: Trino reads them but never creates them.
 */
public final class CatalogBootstrap
{
    private CatalogBootstrap() {}

    public static void ensure(LakeConfig config)
    {
        Map<String, String> properties = new HashMap<>();
        properties.put("uri", config.catalogUri());
        properties.put("warehouse", config.warehouse());
        properties.put("jdbc.schema-version", "V1");
        config.catalogUser().ifPresent(user -> properties.put("jdbc.user", user));
        config.catalogPassword().ifPresent(password -> properties.put("jdbc.password", password));
        if (config.catalogIsSqlite()) {
            try {
                Files.createDirectories(Path.of(config.catalogUri().substring("jdbc:sqlite:".length())).toAbsolutePath().getParent());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize(config.catalogName(), properties);
        catalog.close();
    }
}
