package io.pdlake.serve;

import io.pdlake.lake.LakeConfig;
import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestTrinoConfiguration
{
    @Test
    void theEmbeddedDefaultReadsTheSqliteCatalogAndLocalWarehouse(@TempDir Path directory)
            throws Exception
    {
        LakeConfig config = LakeConfig.load(ProjectFiles.root(), "local", Map.of(), Map.of());
        new TrinoConfiguration(config).write(directory.resolve("etc"), directory.resolve("data"), 18080);

        String catalog = Files.readString(directory.resolve("etc/catalog/lake.properties"));
        assertThat(catalog).contains("iceberg.catalog.type=jdbc", "iceberg.jdbc-catalog.catalog-name=lake", "iceberg.jdbc-catalog.driver-class=org.sqlite.JDBC",
                "iceberg.jdbc-catalog.connection-url=" + config.catalogUri(), "iceberg.jdbc-catalog.default-warehouse-dir=" + config.warehouse());
        assertThat(catalog).doesNotContain("${", "connection-user", "connection-password", "fs.hadoop.enabled");
        assertThat(Files.readString(directory.resolve("etc/config.properties"))).contains("http-server.http.port=18080");
    }

    @Test
    void theClusterProfileReadsPostgresqlAndHdfsWithThePasswordLeftToTrino(@TempDir Path directory)
            throws Exception
    {
        LakeConfig config = LakeConfig.load(ProjectFiles.root(), "cluster", Map.of(), Map.of("PDLAKE_CATALOG_PASSWORD", "s3cr3t-pw"));
        new TrinoConfiguration(config).write(directory.resolve("etc"), directory.resolve("data"), 18080);

        String catalog = Files.readString(directory.resolve("etc/catalog/lake.properties"));
        assertThat(catalog).contains("iceberg.jdbc-catalog.driver-class=org.postgresql.Driver", "iceberg.jdbc-catalog.connection-url=jdbc:postgresql://127.0.0.1:5432/pdlake",
                "iceberg.jdbc-catalog.connection-user=pdlake", "iceberg.jdbc-catalog.connection-password=${ENV:PDLAKE_CATALOG_PASSWORD}",
                "iceberg.jdbc-catalog.default-warehouse-dir=hdfs://127.0.0.1:9000/pdlake/warehouse", "fs.hadoop.enabled=true");
        // the password itself is in no file Trino is given
        try (var files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("s3cr3t-pw");
            }
        }
    }
}
