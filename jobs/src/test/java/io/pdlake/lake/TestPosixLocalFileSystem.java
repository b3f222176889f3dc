package io.pdlake.lake;

import io.pdlake.testing.TestingLake;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class TestPosixLocalFileSystem
{
    @TempDir
    java.nio.file.Path directory;

    @Test
    void permissionsAsRequested()
            throws Exception
    {
        FileSystem fileSystem = open(new Configuration());
        Path file = new Path(directory.resolve("secret.txt").toUri());
        try (FSDataOutputStream output = fileSystem.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
            output.write("value".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(permissions("secret.txt")).isEqualTo("rw-r-----");

        fileSystem.setPermission(file, new FsPermission((short) 0604));
        assertThat(permissions("secret.txt")).isEqualTo("rw----r--");

        assertThat(fileSystem.mkdirs(new Path(directory.resolve("a/b").toUri()), new FsPermission((short) 0750))).isTrue();
        assertThat(permissions("a/b")).isEqualTo("rwxr-x---");
    }

    @Test
    void defaultsFollowTheUmaskAndFilesKeepTheirChecksums()
            throws Exception
    {
        Configuration configuration = new Configuration();
        configuration.set("fs.permissions.umask-mode", "027");
        try (FSDataOutputStream output = open(configuration).create(new Path(directory.resolve("data.parquet").toUri()))) {
            output.write(new byte[] {1, 2, 3});
        }
        assertThat(permissions("data.parquet")).isEqualTo("rw-r-----");
        assertThat(directory.resolve(".data.parquet.crc")).exists();
    }

    @Test
    void modeBitsInNioOrder()
            throws Exception
    {
        FileSystem fileSystem = open(new Configuration());
        Path file = new Path(directory.resolve("modes.txt").toUri());
        fileSystem.create(file).close();
        fileSystem.setPermission(file, new FsPermission((short) 0754));
        assertThat(permissions("modes.txt")).isEqualTo("rwxr-xr--");
        fileSystem.setPermission(file, new FsPermission((short) 0));
        assertThat(permissions("modes.txt")).isEqualTo("---------");
        fileSystem.setPermission(file, new FsPermission((short) 0777));
        assertThat(permissions("modes.txt")).isEqualTo("rwxrwxrwx");
    }

    @Test
    void theEmbeddedDefaultWritesItsLakeThroughIt()
            throws Exception
    {
        SparkSession spark = TestingLake.create(directory.resolve("lake")).spark();
        FileSystem fileSystem = FileSystem.get(URI.create("file:///"), spark.sparkContext().hadoopConfiguration());
        assertThat(fileSystem).isInstanceOf(PosixLocalFileSystem.class);
    }

    private static FileSystem open(Configuration configuration)
            throws Exception
    {
        FileSystem fileSystem = new PosixLocalFileSystem();
        fileSystem.initialize(URI.create("file:///"), configuration);
        return fileSystem;
    }

    private String permissions(String relative)
            throws Exception
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(relative)));
    }
}
