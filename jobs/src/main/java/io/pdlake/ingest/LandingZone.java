package io.pdlake.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lists the batches under a landing root (local, HDFS or S3 through Hadoop's file systems). Only
 * file names are read here, on the driver; file contents are read by executors.
 */
public final class LandingZone
{
    private final String root;
    private final Configuration hadoopConfiguration;

    public LandingZone(String root, Configuration hadoopConfiguration)
    {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.hadoopConfiguration = hadoopConfiguration;
    }

    public List<LandedBatch> batches()
    {
        try {
            Path rootPath = new Path(root);
            FileSystem fileSystem = rootPath.getFileSystem(hadoopConfiguration);
            if (!fileSystem.exists(rootPath)) {
                return List.of();
            }
            URI rootUri = fileSystem.makeQualified(rootPath).toUri();
            java.nio.file.Path localRoot = "file".equals(rootUri.getScheme()) ? java.nio.file.Path.of(rootUri).toRealPath() : null;
            List<LandedBatch> batches = new ArrayList<>();
            for (FileStatus region : directories(fileSystem, rootPath)) {
                for (FileStatus department : directories(fileSystem, region.getPath())) {
                    for (FileStatus table : directories(fileSystem, department.getPath())) {
                        for (FileStatus batch : directories(fileSystem, table.getPath())) {
                            List<FeedFile> files = new ArrayList<>();
                            Map<String, String> refusals = new HashMap<>();
                            for (FileStatus file : sorted(fileSystem.listStatus(batch.getPath()))) {
                                String name = file.getPath().getName();
                                if (file.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                                    String uri = file.getPath().toUri().toString();
                                    FeedFile feedFile = new FeedFile(uri, LandedBatch.batchId(region.getPath().getName(), department.getPath().getName(),
                                            table.getPath().getName(), batch.getPath().getName()), rootUri.relativize(file.getPath().toUri()).getPath(), file.getLen());
                                    files.add(feedFile);
                                    outside(localRoot, file.getPath().toUri()).ifPresent(target -> refusals.put(feedFile.relativePath(),
                                            "links to " + target + ", outside the landing root " + localRoot));
                                }
                            }
                            batches.add(new LandedBatch(region.getPath().getName(), department.getPath().getName(), table.getPath().getName(),
                                    batch.getPath().getName(), files, refusals));
                        }
                    }
                }
            }
            return batches;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list the landing zone " + root, e);
        }
    }

    /**
     * Where a local file really lies when that is outside the landing root: a symbolic link, of the
     * file or of a folder above it, must not smuggle other files into the lake. HDFS and object
     * stores have no links enabled by default, so only local files are resolved.
     */
    private static Optional<java.nio.file.Path> outside(java.nio.file.Path localRoot, URI file)
            throws IOException
    {
        if (localRoot == null || !"file".equals(file.getScheme())) {
            return Optional.empty();
        }
        java.nio.file.Path real = java.nio.file.Path.of(file).toRealPath();
        return real.startsWith(localRoot) ? Optional.empty() : Optional.of(real);
    }

    private static List<FileStatus> directories(FileSystem fileSystem, Path path)
            throws IOException
    {
        return sorted(fileSystem.listStatus(path)).stream()
                .filter(FileStatus::isDirectory)
                .filter(status -> !status.getPath().getName().startsWith("."))
                .toList();
    }

    private static List<FileStatus> sorted(FileStatus[] statuses)
    {
        return Arrays.stream(statuses).sorted(Comparator.comparing(status -> status.getPath().getName())).toList();
    }
}
