package io.pdlake.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdlake.identity.Text;
import io.pdlake.quality.ReasonCode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Turns a CSV or JSON-lines feed file into {@link ParsedRow}s, one per record, lazily, so a file of
 * any size streams through an executor. Undecodable bytes become U+FFFD and reject only their row.
 */
public final class FeedFileParser
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedFileParser() {}

    public static Iterator<ParsedRow> parse(InputStream input, FeedLayout layout, String fileName)
    {
        requireNonNull(input, "input is null");
        requireNonNull(layout, "layout is null");
        requireNonNull(fileName, "fileName is null");
        Reader reader = new InputStreamReader(withoutUtf8Mark(input, layout.encoding()), decoder(layout.encoding()));
        EncodingCheck encoding = new EncodingCheck(layout.encoding());
        return switch (layout.format()) {
            case CSV -> new CsvRows(new CsvRecordReader(new BufferedReader(reader, 1 << 16), ','), layout, fileName, encoding);
            case JSONL -> new JsonRows(new BufferedReader(reader, 1 << 16), layout, fileName, encoding);
            case PARQUET -> throw new IllegalArgumentException("Parquet feeds are read by Spark, not by this parser: " + fileName);
        };
    }

    /**
     * Drops a UTF-8 byte-order mark before a GBK or GB18030 decoder turns it into a character of the
     * header (it would hide the first column); the records after it are then judged by {@link EncodingCheck}.
     * UTF-8 decoders keep the mark as U+FEFF, which the readers skip.
     */
    private static InputStream withoutUtf8Mark(InputStream input, String encoding)
    {
        if (!EncodingCheck.isChineseMultiByte(encoding)) {
            return input;
        }
        PushbackInputStream pushback = new PushbackInputStream(input, 3);
        try {
            byte[] head = pushback.readNBytes(3);
            boolean mark = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
            if (!mark) {
                pushback.unread(head);
            }
            return pushback;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CharsetDecoder decoder(String encoding)
    {
        return Charset.forName(encoding).newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** Where a row is, to start its rejection's message: made only for a rejection, as most rows pass (formatting it twice a row was 4% of ingest's samples). */
    static String location(String fileName, long line)
    {
        return fileName + " line " + line;
    }

    static Rejection fileProblem(ReasonCode reason, String location, String detail)
    {
        return new Rejection(reason, Optional.empty(), format("%s: %s%s", location, reason.description(), detail.isEmpty() ? "" : ": " + detail));
    }

    private abstract static class Rows
            implements Iterator<ParsedRow>
    {
        private ParsedRow next;
        private boolean done;

        abstract Optional<ParsedRow> compute();

        @Override
        public boolean hasNext()
        {
            if (next == null && !done) {
                Optional<ParsedRow> computed = compute();
                if (computed.isPresent()) {
                    next = computed.get();
                }
                else {
                    done = true;
                }
            }
            return next != null;
        }

        @Override
        public ParsedRow next()
        {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ParsedRow result = next;
            next = null;
            return result;
        }
    }

    private static final class CsvRows
            extends Rows
    {
        private final CsvRecordReader reader;
        private final FeedLayout layout;
        private final String fileName;
        private int[] columnIndexes;
        private int headerSize;
        private final EncodingCheck encoding;
        private String missingColumns = "";

        CsvRows(CsvRecordReader reader, FeedLayout layout, String fileName, EncodingCheck encoding)
        {
            this.reader = reader;
            this.layout = layout;
            this.fileName = fileName;
            this.encoding = encoding;
        }

        @Override
        Optional<ParsedRow> compute()
        {
            if (columnIndexes == null) {
                Optional<CsvRecordReader.CsvRecord> header = reader.next();
                if (header.isEmpty()) {
                    return Optional.empty();
                }
                readHeader(header.get().fields());
            }
            return reader.next().map(this::toRow);
        }

        private void readHeader(List<String> header)
        {
            headerSize = header.size();
            List<String> names = header.stream().map(Text::standardize).toList();
            columnIndexes = new int[layout.fields().size()];
            List<String> missing = new ArrayList<>();
            for (int index = 0; index < columnIndexes.length; index++) {
                FeedLayout.FieldSpec field = layout.fields().get(index);
                int position = names.indexOf(field.column());
                if (position < 0) {
                    position = names.indexOf(field.name());
                }
                columnIndexes[index] = position;
                if (position < 0 && field.required()) {
                    missing.add(field.column());
                }
            }
            missingColumns = String.join(", ", missing);
        }

        private ParsedRow toRow(CsvRecordReader.CsvRecord record)
        {
            Optional<String> encodingProblem = encoding.problem(record.rawText());
            if (encodingProblem.isPresent()) {
                return rejected(record, fileProblem(ReasonCode.ENCODING_ERROR, location(fileName, record.line()), encodingProblem.get()));
            }
            if (record.malformedQuoting()) {
                return rejected(record, fileProblem(ReasonCode.MALFORMED_QUOTING, location(fileName, record.line()), ""));
            }
            if (!missingColumns.isEmpty()) {
                return rejected(record, fileProblem(ReasonCode.MISSING_COLUMN, location(fileName, record.line()), missingColumns));
            }
            if (record.fields().size() != headerSize) {
                return rejected(record, fileProblem(ReasonCode.WRONG_COLUMN_COUNT, location(fileName, record.line()),
                        format("%s columns, header has %s", record.fields().size(), headerSize)));
            }
            String[] values = new String[columnIndexes.length];
            for (int index = 0; index < values.length; index++) {
                values[index] = columnIndexes[index] < 0 ? null : record.fields().get(columnIndexes[index]);
            }
            return new ParsedRow(record.line(), record.rawText(), Collections.unmodifiableList(Arrays.asList(values)), Optional.empty());
        }

        private static ParsedRow rejected(CsvRecordReader.CsvRecord record, Rejection rejection)
        {
            return new ParsedRow(record.line(), record.rawText(), List.of(), Optional.of(rejection));
        }
    }

    private static final class JsonRows
            extends Rows
    {
        private final BufferedReader reader;
        private final FeedLayout layout;
        private final String fileName;
        private final EncodingCheck encoding;
        private long line;
        private boolean first = true;

        JsonRows(BufferedReader reader, FeedLayout layout, String fileName, EncodingCheck encoding)
        {
            this.reader = reader;
            this.layout = layout;
            this.fileName = fileName;
            this.encoding = encoding;
        }

        @Override
        Optional<ParsedRow> compute()
        {
            try {
                String text;
                while ((text = reader.readLine()) != null) {
                    line++;
                    if (first) {
                        first = false;
                        if (text.startsWith("\uFEFF")) {
                            text = text.substring(1);
                        }
                    }
                    if (!text.isBlank()) {
                        return Optional.of(toRow(text));
                    }
                }
                return Optional.empty();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private ParsedRow toRow(String text)
        {
            String raw = text.length() > CsvRecordReader.MAX_RAW_TEXT ? text.substring(0, CsvRecordReader.MAX_RAW_TEXT) : text;
            Optional<String> encodingProblem = encoding.problem(text);
            if (encodingProblem.isPresent()) {
                return new ParsedRow(line, raw, List.of(), Optional.of(fileProblem(ReasonCode.ENCODING_ERROR, location(fileName, line), encodingProblem.get())));
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            }
            catch (JsonProcessingException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                return new ParsedRow(line, raw, List.of(), Optional.of(fileProblem(ReasonCode.MALFORMED_JSON, location(fileName, line), "")));
            }
            String[] values = new String[layout.fields().size()];
            for (int index = 0; index < values.length; index++) {
                FeedLayout.FieldSpec field = layout.fields().get(index);
                JsonNode value = node.has(field.column()) ? node.get(field.column()) : node.get(field.name());
                if (value == null || value.isNull()) {
                    values[index] = null;
                }
                else if (value.isValueNode()) {
                    values[index] = value.asText();
                }
                else {
                    // an object or array where the catalog has one value: the provider's structure changed
                    return new ParsedRow(line, raw, List.of(), Optional.of(new Rejection(ReasonCode.MALFORMED_JSON, Optional.of(field.name()),
                            format("%s, field %s (%s): the value is a JSON %s, not a single value", location(fileName, line), field.column(), field.name(),
                                    value.isArray() ? "array" : "object"))));
                }
            }
            return new ParsedRow(line, raw, Collections.unmodifiableList(Arrays.asList(values)), Optional.empty());
        }
    }

    /** Iterates nothing; for files that hold no rows. */
    static Iterator<ParsedRow> empty()
    {
        return Collections.emptyIterator();
    }
}
