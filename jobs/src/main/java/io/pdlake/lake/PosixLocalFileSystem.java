package io.pdlake.lake;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Hadoop's local file system, checksummed as usual, whose permissions are set through java.nio
 * rather than by a chmod process. Without Hadoop's native library, which Spark does not ship,
 * RawLocalFileSystem runs {@code chmod} for every file and directory it creates: a data file and
 * its checksum file, a manifest, a manifest list, a metadata file, each a process. An incremental
 * run of the embedded default started about 450 of them. Named by {@code spark.hadoop.fs.file.impl}
 * in {@code conf/local.properties}; a cluster's warehouse on HDFS or S3 does not go through it.
 */
public class PosixLocalFileSystem
        extends LocalFileSystem
{
    public PosixLocalFileSystem()
    {
        super(new PosixRawLocalFileSystem());
    }

    /** The raw layer: what RawLocalFileSystem does, minus the process per permission change. */
    static final class PosixRawLocalFileSystem
            extends RawLocalFileSystem
    {
        @Override
        public void setPermission(Path path, FsPermission permission)
                throws IOException
        {
            // java.nio has no sticky, setuid or setgid bits: those few keep Hadoop's own way
            if (NativeIO.isAvailable() || (permission.toShort() & ~0777) != 0) {
                super.setPermission(path, permission);
                return;
            }
            try {
                // without those bits FsPermission prints the nine rwx characters java.nio reads
                Files.setPosixFilePermissions(pathToFile(path).toPath(), PosixFilePermissions.fromString(permission.toString()));
            }
            catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows)
                super.setPermission(path, permission);
            }
        }
    }
}
