package io.pdlake.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, as the test setup installs it. bin/test sets
 * pdlake.require-browser=true so a missing browser fails the run instead of skipping.
 */
public final class Chromium
{
    private final Path binary;

    public record Run(String stdout, String stderr) {}

    private Chromium(Path binary)
    {
        this.binary = binary;
    }

    public static Chromium find()
    {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return new Chromium(Path.of(candidate));
            }
        }
        if (Boolean.getBoolean("pdlake.require-browser")) {
            throw new IllegalStateException("Chromium is required but not installed (bin/test installs Debian's chromium)");
        }
        Assumptions.abort("Chromium is not installed; bin/test installs it");
        throw new IllegalStateException("unreachable");
    }

    public Run run(Path userDataDirectory, String... arguments)
    {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + userDataDirectory));
        command.addAll(List.of(arguments));
        try {
            Path out = Files.createTempFile("chromium", ".out");
            Path err = Files.createTempFile("chromium", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish in 120 s: " + command);
            }
            return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
