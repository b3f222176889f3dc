package io.pdlake.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Reads CSV records (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) and keeps,
 * for each, the physical line it starts on and its raw text, so a rejected row can be shown to its
 * provider exactly as sent. A quote that never closes is reported on its own line and the lines
 * after it are read again as records of their own: one bad quote costs one row, not the file.
 */
public final class CsvRecordReader
{
    /** A quoted field spanning more lines than this is taken for an unterminated quote. */
    static final int MAX_LINES_PER_RECORD = 50;
    /** Raw text kept for rejects is cut here; a row longer than this is still read whole. */
    static final int MAX_RAW_TEXT = 4_000;

    private final Reader reader;
    private final char delimiter;
    private final StringBuilder pending = new StringBuilder();
    private int pendingIndex;
    private long nextLine = 1;
    private boolean first = true;

    public record CsvRecord(long line, String rawText, List<String> fields, boolean malformedQuoting)
    {
        public CsvRecord
        {
            requireNonNull(rawText, "rawText is null");
            fields = List.copyOf(fields);
        }
    }

    public CsvRecordReader(Reader reader, char delimiter)
    {
        this.reader = requireNonNull(reader, "reader is null");
        this.delimiter = delimiter;
    }

    /** The next record, skipping blank lines; empty at the end of input. */
    public Optional<CsvRecord> next()
    {
        while (true) {
            int peek = read();
            if (peek < 0) {
                return Optional.empty();
            }
            if (first) {
                first = false;
                if (peek == '\uFEFF') {
                    continue;
                }
            }
            if (peek == '\n') {
                nextLine++;
                continue;
            }
            if (peek == '\r') {
                int following = read();
                if (following >= 0 && following != '\n') {
                    unread((char) following);
                }
                nextLine++;
                continue;
            }
            return Optional.of(readRecord((char) peek));
        }
    }

    private CsvRecord readRecord(char firstCharacter)
    {
        long startLine = nextLine;
        StringBuilder raw = new StringBuilder();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        boolean quotedField = false;
        boolean afterClosingQuote = false;
        boolean malformed = false;
        int linesInRecord = 1;
        int character = firstCharacter;
        while (true) {
            if (character < 0) {
                if (inQuotes) {
                    return recoverUnterminated(startLine, raw);
                }
                break;
            }
            char current = (char) character;
            if (inQuotes) {
                if (current == '"') {
                    int following = read();
                    if (following == '"') {
                        raw.append("\"\"");
                        field.append('"');
                    }
                    else {
                        raw.append('"');
                        inQuotes = false;
                        afterClosingQuote = true;
                        character = following;
                        continue;
                    }
                }
                else {
                    raw.append(current);
                    if (current == '\n') {
                        linesInRecord++;
                        if (linesInRecord > MAX_LINES_PER_RECORD) {
                            return recoverUnterminated(startLine, raw);
                        }
                    }
                    field.append(current);
                }
            }
            else if (current == '\n') {
                break;
            }
            else if (current == '\r') {
                // CR LF, or a lone CR as old Mac files end their lines: either ends the record
                int following = read();
                if (following >= 0 && following != '\n') {
                    unread((char) following);
                }
                break;
            }
            else if (current == delimiter) {
                raw.append(current);
                fields.add(field.toString());
                field.setLength(0);
                quotedField = false;
                afterClosingQuote = false;
            }
            else if (current == '"') {
                raw.append(current);
                if (field.length() == 0 && !quotedField) {
                    inQuotes = true;
                    quotedField = true;
                }
                else {
                    // a quote inside an unquoted field, or after a closing quote
                    malformed = true;
                    field.append(current);
                }
            }
            else {
                raw.append(current);
                if (afterClosingQuote) {
                    malformed = true;
                }
                field.append(current);
            }
            character = read();
        }
        fields.add(field.toString());
        nextLine = startLine + linesInRecord;
        return new CsvRecord(startLine, cut(raw), fields, malformed);
    }

    /** Reports the record's first line as malformed and pushes the rest back to be read again. */
    private CsvRecord recoverUnterminated(long startLine, StringBuilder raw)
    {
        int newline = raw.indexOf("\n");
        String firstLine = newline < 0 ? raw.toString() : raw.substring(0, newline);
        if (newline >= 0) {
            String rest = raw.substring(newline + 1);
            pending.insert(pendingIndex, rest.endsWith("\n") ? rest : rest + "\n");
        }
        nextLine = startLine + 1;
        return new CsvRecord(startLine, cut(new StringBuilder(firstLine.endsWith("\r") ? firstLine.substring(0, firstLine.length() - 1) : firstLine)),
                List.of(), true);
    }

    private static String cut(StringBuilder raw)
    {
        return raw.length() > MAX_RAW_TEXT ? raw.substring(0, MAX_RAW_TEXT) : raw.toString();
    }

    private void unread(char character)
    {
        if (pendingIndex > 0) {
            pendingIndex--;
            pending.setCharAt(pendingIndex, character);
        }
        else {
            pending.insert(0, character);
        }
    }

    private int read()
    {
        if (pendingIndex < pending.length()) {
            return pending.charAt(pendingIndex++);
        }
        if (pendingIndex > 0) {
            pending.setLength(0);
            pendingIndex = 0;
        }
        try {
            return reader.read();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
