package io.pdlake.testing;

import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Iceberg's Hadoop file IO, with one difference: when the file named by the environment variable
 * {@value #VARIABLE} is written, the process SIGKILLs itself. The point reads
 * {@code kind:namespace/table:n}: the n-th {@code data} file (killed as it is created), manifest
 * ({@code manifest}, killed once written) or table metadata file ({@code metadata}, killed once
 * written, before the catalog points at it: the middle of a commit) of that table. A crash test
 * runs the real job in a child JVM with this class as the catalog's {@code io-impl}.
 */
public class CrashingFileIO
        extends HadoopFileIO
{
    public static final String VARIABLE = "PDLAKE_CRASH_AT";
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    @Override
    public OutputFile newOutputFile(String path)
    {
        OutputFile file = super.newOutputFile(path);
        String point = System.getenv(VARIABLE);
        if (point == null || point.isBlank()) {
            return file;
        }
        String[] parts = point.split(":");
        if (!parts[0].equals(kind(path)) || !path.contains("/" + parts[1] + "/")) {
            return file;
        }
        int count = COUNTS.computeIfAbsent(parts[0] + ":" + parts[1], ignored -> new AtomicInteger()).incrementAndGet();
        if (count != Integer.parseInt(parts[2])) {
            return file;
        }
        if (parts[0].equals("data")) {
            crash(point, path);
        }
        return new CrashOnClose(file, point);
    }

    static String kind(String path)
    {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.endsWith(".metadata.json")) {
            return "metadata";
        }
        if (path.contains("/metadata/") && name.endsWith(".avro") && !name.startsWith("snap-")) {
            return "manifest";
        }
        return path.contains("/data/") ? "data" : "other";
    }

    static void crash(String point, String path)
    {
        System.out.println("crash point " + point + " reached: " + path);
        System.out.flush();
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(60_000);
        }
        catch (IOException | InterruptedException e) {
            Runtime.getRuntime().halt(99);
        }
        Runtime.getRuntime().halt(98);
    }

    private record CrashOnClose(OutputFile file, String point)
            implements OutputFile
    {
        @Override
        public PositionOutputStream create()
        {
            return new Stream(file.create(), point, file.location());
        }

        @Override
        public PositionOutputStream createOrOverwrite()
        {
            return new Stream(file.createOrOverwrite(), point, file.location());
        }

        @Override
        public String location()
        {
            return file.location();
        }

        @Override
        public InputFile toInputFile()
        {
            return file.toInputFile();
        }
    }

    private static final class Stream
            extends PositionOutputStream
    {
        private final PositionOutputStream delegate;
        private final String point;
        private final String location;

        Stream(PositionOutputStream delegate, String point, String location)
        {
            this.delegate = delegate;
            this.point = point;
            this.location = location;
        }

        @Override
        public long getPos()
                throws IOException
        {
            return delegate.getPos();
        }

        @Override
        public void write(int b)
                throws IOException
        {
            delegate.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length)
                throws IOException
        {
            delegate.write(bytes, offset, length);
        }

        @Override
        public void flush()
                throws IOException
        {
            delegate.flush();
        }

        @Override
        public void close()
                throws IOException
        {
            delegate.close();
            crash(point, location);
        }
    }
}
