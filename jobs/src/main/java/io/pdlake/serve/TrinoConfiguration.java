package io.pdlake.serve;

import io.pdlake.lake.LakeConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Writes a Trino etc/ directory from the templates in conf/trino with the deployment's catalog and
 * warehouse, so Trino reads exactly the tables the Spark jobs write.
 */
public final class TrinoConfiguration
{
    private final LakeConfig config;

    public TrinoConfiguration(LakeConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    public void write(Path etc, Path data, int port)
    {
        Path templates = config.home().resolve("conf/trino");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("port", Integer.toString(port));
        values.put("data_dir", data.toAbsolutePath().toString());
        values.put("etc_dir", etc.toAbsolutePath().toString());
        values.put("catalog_name", config.catalogName());
        String uri = config.catalogUri();
        values.put("catalog_uri", uri);
        values.put("driver", uri.startsWith("jdbc:sqlite:") ? "org.sqlite.JDBC" : uri.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "");
        StringBuilder credentials = new StringBuilder();
        config.catalogUser().ifPresent(user -> credentials.append("iceberg.jdbc-catalog.connection-user=").append(user).append('\n'));
        // the password goes to Trino's own secret resolution, never into the file
        config.catalogPassword().ifPresent(password -> credentials.append("iceberg.jdbc-catalog.connection-password=${ENV:PDLAKE_CATALOG_PASSWORD}\n"));
        values.put("catalog_credentials", credentials.toString().strip());
        values.put("warehouse", config.warehouse());
        String warehouse = config.warehouse();
        values.put("hadoop_file_system", warehouse.startsWith("hdfs://") ? "fs.hadoop.enabled=true" : warehouse.startsWith("s3") ? "fs.native-s3.enabled=true" : "");
        try {
            Files.createDirectories(etc.resolve("catalog"));
            Files.createDirectories(data);
            for (String file : new String[] {"config.properties", "jvm.config", "node.properties", "log.properties", "access-control.properties"}) {
                Files.writeString(etc.resolve(file), fill(Files.readString(templates.resolve(file)), values), StandardCharsets.UTF_8);
            }
            Files.writeString(etc.resolve("catalog").resolve(config.catalogName() + ".properties"), fill(Files.readString(templates.resolve("lake.properties")), values),
                    StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Trino configuration under " + etc, e);
        }
    }

    static String fill(String template, Map<String, String> values)
    {
        String result = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            result = result.replace("${" + value.getKey() + "}", value.getValue());
        }
        return result.replaceAll("(?m)^\\s*\\n", "");
    }
}
