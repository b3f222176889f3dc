package io.pdlake.lake;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

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
                Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission.toShort()));
            }
            catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows)
                super.setPermission(path, permission);
            }
        }
    }

    /** The nine permission bits of {@code mode} (as in 0644) as java.nio's permissions. */
    static Set<PosixFilePermission> posix(int mode)
    {
        // PosixFilePermission's declaration order is owner rwx, group rwx, others rwx: bit 8 down to bit 0
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int index = 0; index < all.length; index++) {
            if ((mode & (1 << (all.length - 1 - index))) != 0) {
                permissions.add(all[index]);
            }
        }
        return permissions;
    }
}
