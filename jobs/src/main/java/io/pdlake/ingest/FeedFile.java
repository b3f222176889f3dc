package io.pdlake.ingest;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/** One file of a landed batch: where it is, and the names it is known by in the lake. */
public record FeedFile(String uri, String batchId, String relativePath, long sizeBytes)
        implements Serializable
{
    public FeedFile
    {
        requireNonNull(uri, "uri is null");
        requireNonNull(batchId, "batchId is null");
        requireNonNull(relativePath, "relativePath is null");
    }
}
