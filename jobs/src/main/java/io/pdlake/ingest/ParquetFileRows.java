package io.pdlake.ingest;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Runs on an executor over one Parquet feed file read by Spark: the entry's columns cast to text
 * (null where the file lacks them), the row index and the row as JSON, validated like a CSV row.
 */
final class ParquetFileRows
        implements MapPartitionsFunction<Row, Row>
{
    private final FeedLayout layout;
    private final FeedFile file;
    private final LocalDate today;
    private final String missingColumns;

    ParquetFileRows(FeedLayout layout, FeedFile file, LocalDate today, String missingColumns)
    {
        this.layout = requireNonNull(layout, "layout is null");
        this.file = requireNonNull(file, "file is null");
        this.today = requireNonNull(today, "today is null");
        this.missingColumns = requireNonNull(missingColumns, "missingColumns is null");
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input)
    {
        RecordValidator validator = new RecordValidator(layout, today);
        int fieldCount = layout.fields().size();
        return new Iterator<>()
        {
            @Override
            public boolean hasNext()
            {
                return input.hasNext();
            }

            @Override
            public Row next()
            {
                Row row = input.next();
                long line = row.getLong(fieldCount) + 1;
                String raw = row.isNullAt(fieldCount + 1) ? "" : row.getString(fieldCount + 1);
                List<String> values = new ArrayList<>(fieldCount);
                for (int index = 0; index < fieldCount; index++) {
                    values.add(row.isNullAt(index) ? null : row.getString(index));
                }
                if (!missingColumns.isEmpty()) {
                    return IngestRows.rejected(fieldCount, file, line, Masking.maskRecord(raw, layout, values),
                            FeedFileParser.fileProblem(io.pdlake.quality.ReasonCode.MISSING_COLUMN, location(line), missingColumns));
                }
                RecordValidator.Outcome outcome = validator.validate(values, () -> location(line));
                if (outcome.rejection().isPresent()) {
                    return IngestRows.rejected(fieldCount, file, line, Masking.maskRecord(raw, layout, values), outcome.rejection().get());
                }
                return IngestRows.accepted(outcome.values(), file, line);
            }
        };
    }

    /** A row's place in its file, for its rejection's message: a Parquet file has rows, not lines. */
    private String location(long line)
    {
        return file.relativePath() + " row " + line;
    }
}
