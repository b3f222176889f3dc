package io.pdlake.catalog;

import java.util.Locale;
import java.util.Optional;

/** The format of a department feed. Written in YAML in lower case with dashes: csv, jsonl, parquet. */
public enum FeedFormat
{
    CSV,
    JSONL,
    PARQUET;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<FeedFormat> fromLabel(String label)
    {
        for (FeedFormat value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
