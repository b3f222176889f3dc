package io.pdlake.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static java.util.Objects.requireNonNull;

/**
 * Runs on an executor: reads one CSV or JSON-lines feed file through Hadoop's file system, parses
 * and validates each record, and emits one row per record. A file that fails part-way ends with one
 * FILE_UNREADABLE row after the rows it did yield, instead of failing the job.
 */
final class FeedFileRows
        implements FlatMapFunction<FeedFile, Row>
{
    private static volatile Map.Entry<Map<String, String>, Configuration> lastConfiguration;

    private final FeedLayout layout;
    private final LocalDate today;
    private final Map<String, String> hadoopSettings;

    FeedFileRows(FeedLayout layout, LocalDate today, Map<String, String> hadoopSettings)
    {
        this.layout = requireNonNull(layout, "layout is null");
        this.today = requireNonNull(today, "today is null");
        this.hadoopSettings = Map.copyOf(hadoopSettings);
    }

    /**
     * Hadoop's defaults with the driver's settings over them, built once per executor JVM for the
     * same settings: a new Configuration parses Hadoop's XML resources again (a tenth of a small
     * ingest's samples were spent there, one file at a time). Shared: callers only read it, to
     * open a file system.
     */
    static Configuration configuration(Map<String, String> settings)
    {
        Map.Entry<Map<String, String>, Configuration> last = lastConfiguration;
        if (last != null && last.getKey().equals(settings)) {
            return last.getValue();
        }
        Configuration configuration = new Configuration();
        settings.forEach(configuration::set);
        lastConfiguration = Map.entry(Map.copyOf(settings), configuration);
        return configuration;
    }

    @Override
    public Iterator<Row> call(FeedFile file)
    {
        int fieldCount = layout.fields().size();
        InputStream input;
        Iterator<ParsedRow> parsed;
        try {
            Path path = new Path(file.uri());
            FSDataInputStream stream = path.getFileSystem(configuration(hadoopSettings)).open(path);
            input = stream;
            parsed = FeedFileParser.parse(stream, layout, file.relativePath());
        }
        catch (IOException | RuntimeException e) {
            return List.of(IngestRows.unreadable(fieldCount, file, 0, e)).iterator();
        }
        RecordValidator validator = new RecordValidator(layout, today);
        return new Iterator<>()
        {
            private long lastLine;
            private boolean failed;
            private boolean closed;
            private Row pendingFailure;

            @Override
            public boolean hasNext()
            {
                if (pendingFailure != null) {
                    return true;
                }
                if (failed) {
                    return false;
                }
                try {
                    boolean more = parsed.hasNext();
                    if (!more) {
                        close();
                    }
                    return more;
                }
                catch (UncheckedIOException | IllegalStateException e) {
                    failed = true;
                    pendingFailure = IngestRows.unreadable(fieldCount, file, lastLine + 1, e);
                    close();
                    return true;
                }
            }

            @Override
            public Row next()
            {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (pendingFailure != null) {
                    Row row = pendingFailure;
                    pendingFailure = null;
                    return row;
                }
                ParsedRow row = parsed.next();
                lastLine = row.line();
                if (row.rejection().isPresent()) {
                    return IngestRows.rejected(fieldCount, file, row.line(), Masking.maskRecord(row.rawText(), layout, row.values()), row.rejection().get());
                }
                RecordValidator.Outcome outcome = validator.validate(row.values(), () -> FeedFileParser.location(file.relativePath(), row.line()));
                if (outcome.rejection().isPresent()) {
                    return IngestRows.rejected(fieldCount, file, row.line(), Masking.maskRecord(row.rawText(), layout, row.values()), outcome.rejection().get());
                }
                return IngestRows.accepted(outcome.values(), file, row.line());
            }

            private void close()
            {
                if (!closed) {
                    closed = true;
                    try {
                        input.close();
                    }
                    catch (IOException ignored) {
                        // the rows are already read
                    }
                }
            }
        };
    }
}
