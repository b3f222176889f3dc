package io.pdlake.ingest;

import static java.util.Objects.requireNonNull;

/** What one ingest run did for one catalog entry. */
public record IngestSummary(String entryCode, String table, int batches, int files, long rowsRead, long rowsAccepted, long rowsRejected, int duplicateFiles, int unreadableFiles)
{
    public IngestSummary
    {
        requireNonNull(entryCode, "entryCode is null");
        requireNonNull(table, "table is null");
    }
}
