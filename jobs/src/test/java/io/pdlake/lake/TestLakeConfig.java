package io.pdlake.lake;

import io.pdlake.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestLakeConfig
{
    private final Path home = ProjectFiles.root();

    @Test
    void embeddedDefaults()
    {
        LakeConfig config = LakeConfig.load(home, "local", Map.of(), Map.of());
        assertThat(config.sparkMaster()).contains("local[2]");
        assertThat(config.catalogName()).isEqualTo("lake");
        assertThat(config.catalogUri()).isEqualTo("jdbc:sqlite:" + home.resolve("lakehouse/catalog.db"));
        assertThat(config.catalogIsSqlite()).isTrue();
        assertThat(config.warehouse()).isEqualTo(home.resolve("lakehouse/warehouse").toUri().toString().replaceAll("/$", ""));
        assertThat(config.landingDirectory()).endsWith("/landing");
        assertThat(config.schemasDirectory()).isEqualTo(home.resolve("schemas"));
        assertThat(config.sparkProperties()).containsEntry("spark.sql.shuffle.partitions", "4").doesNotContainKey("pdlake.warehouse");
        assertThat(config.catalogPassword()).isEmpty();
    }

    @Test
    void parallelismIsPerJobAndOneWhenUnset()
    {
        LakeConfig config = LakeConfig.load(home, "local", Map.of("pdlake.thematic.parallelism", "2"), Map.of());
        assertThat(config.parallelism("ingest")).isEqualTo(3);
        assertThat(config.parallelism("consolidate")).isEqualTo(3);
        assertThat(config.parallelism("thematic")).isEqualTo(2);
        assertThat(config.parallelism("score")).isEqualTo(1);
    }

    @Test
    void clusterProfile()
    {
        LakeConfig config = LakeConfig.load(home, "cluster", Map.of(), Map.of("PDLAKE_CATALOG_PASSWORD", "secret"));
        assertThat(config.sparkMaster()).isEmpty();
        assertThat(config.catalogUri()).startsWith("jdbc:postgresql://");
        assertThat(config.catalogIsSqlite()).isFalse();
        assertThat(config.warehouse()).startsWith("hdfs://");
        assertThat(config.catalogPassword()).contains("secret");
        assertThat(config.properties().values()).doesNotContain("secret");
    }

    @Test
    void theLookupSecretComesFromTheEnvironmentOrAFileCreatedOnFirstUse(@TempDir Path directory)
            throws Exception
    {
        Path file = directory.resolve("secrets/lookup.secret");
        LakeConfig config = LakeConfig.load(home, "local", Map.of(LakeConfig.LOOKUP_SECRET_FILE, file.toString()), Map.of());
        String key = config.lookupKeys().key("11010519491231002X");
        assertThat(file).exists();
        assertThat(Files.readString(file)).matches("[0-9a-f]{64}");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        // the same file, the same keys: every job of the lake agrees
        assertThat(config.lookupKeys().key("11010519491231002X")).isEqualTo(key);
        assertThat(LakeConfig.load(home, "local", Map.of(LakeConfig.LOOKUP_SECRET_FILE, file.toString()), Map.of("PDLAKE_LOOKUP_SECRET", "another secret of 16+ bytes"))
                .lookupKeys().key("11010519491231002X")).isNotEqualTo(key);
        assertThat(directory.resolve("secrets")).isDirectoryNotContaining("glob:**.tmp");

        Files.writeString(file, "short");
        assertThatThrownBy(() -> config.lookupKeys()).hasMessageContaining("lookup secret").hasMessageContaining("too short");
    }

    @Test
    void environmentThenOverridesWin()
    {
        LakeConfig config = LakeConfig.load(home, "local",
                Map.of("pdlake.warehouse", "s3a://bucket/warehouse/", "spark.executor.memory", "2g", "pdlake.storage.allowed", "s3a://bucket, /data"),
                Map.of("PDLAKE_WAREHOUSE", "/from/environment", "PDLAKE_LANDING_DIR", "/data/landing"));
        assertThat(config.warehouse()).isEqualTo("s3a://bucket/warehouse");
        assertThat(config.landingDirectory()).isEqualTo("file:///data/landing");
        assertThat(config.sparkProperties()).containsEntry("spark.executor.memory", "2g");
        assertThat(LakeConfig.environmentName("pdlake.catalog.password-file")).isEqualTo("PDLAKE_CATALOG_PASSWORD_FILE");
    }

    @Test
    void refusesLocationsOffApprovedStorage()
    {
        LakeConfig config = LakeConfig.load(home, "local", Map.of(), Map.of());
        assertThat(config.warehouse()).isEqualTo(home.resolve("lakehouse/warehouse").toUri().toString().replaceAll("/$", ""));
        assertThat(config.approvedLocation("--out", "file:" + home.resolve("out/x"))).endsWith("/out/x");
        assertThatThrownBy(() -> config.with(LakeConfig.WAREHOUSE, "/srv/elsewhere").warehouse())
                .isInstanceOf(StorageNotApprovedException.class)
                .hasMessageStartingWith("pdlake.warehouse file:///srv/elsewhere is not on approved storage (pdlake.storage.allowed: file://")
                .hasMessageEndingWith("public data stays on approved storage (Art. 8)");
        // climbing out by spelling, or a root that is only a prefix of the name
        assertThatThrownBy(() -> config.with(LakeConfig.OPEN_LOCATION, "out/../../elsewhere").openLocation()).isInstanceOf(StorageNotApprovedException.class);
        assertThatThrownBy(() -> config.with(LakeConfig.LANDING_DIR, "landing-copy").landingDirectory()).isInstanceOf(StorageNotApprovedException.class);
        assertThatThrownBy(() -> config.with(LakeConfig.WAREHOUSE, "s3a://other-bucket/w").warehouse()).isInstanceOf(StorageNotApprovedException.class);
        assertThatThrownBy(() -> config.with(LakeConfig.STORAGE_ALLOWED, "").warehouse()).hasMessageContaining("(pdlake.storage.allowed: none)");
    }

    @Test
    void rejectsUnknownProfilesAndKeys()
    {
        assertThatThrownBy(() -> LakeConfig.load(home, "nowhere", Map.of(), Map.of()))
                .hasMessageStartingWith("Cannot find profile nowhere: no file ");
        assertThatThrownBy(() -> LakeConfig.load(home, "local", Map.of("warehouse", "x"), Map.of()))
                .hasMessage("Cannot set warehouse: settings start with pdlake. or spark.");
    }
}
