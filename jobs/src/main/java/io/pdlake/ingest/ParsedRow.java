package io.pdlake.ingest;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One record read from a feed file before validation: its line, raw text, and either its values in
 * layout order (null where the feed has no such column) or the reason it could not be read.
 */
public record ParsedRow(long line, String rawText, List<String> values, Optional<Rejection> rejection)
{
    public ParsedRow
    {
        requireNonNull(rawText, "rawText is null");
        requireNonNull(values, "values is null");
        requireNonNull(rejection, "rejection is null");
    }
}
