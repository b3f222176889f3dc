package io.pdlake.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the project's own files are, for tests that read the shipped catalog and profiles. */
public final class ProjectFiles
{
    private ProjectFiles() {}

    public static Path root()
    {
        String configured = System.getProperty("pdlake.project-root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("schemas"))) {
            root = Path.of("").toAbsolutePath();
        }
        return root;
    }

    public static Path schemas()
    {
        return root().resolve("schemas");
    }

    /** Copies a directory tree, so a test can break a copy of the catalog without touching the real one. */
    public static void copyTree(Path source, Path target)
    {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                }
                else {
                    Files.copy(path, destination);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
