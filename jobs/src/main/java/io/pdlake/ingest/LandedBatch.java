package io.pdlake.ingest;

import java.util.List;
import java.util.Map;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A batch folder under landing/&lt;region&gt;/&lt;department&gt;/&lt;table&gt;/&lt;batch&gt;/ and its files;
 * {@code refusals} names, by relative path, the files that must not be read, and why.
 */
public record LandedBatch(String region, String department, String table, String batch, List<FeedFile> files, Map<String, String> refusals)
{
    public LandedBatch
    {
        requireNonNull(region, "region is null");
        requireNonNull(department, "department is null");
        requireNonNull(table, "table is null");
        requireNonNull(batch, "batch is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
        refusals = Map.copyOf(requireNonNull(refusals, "refusals is null"));
    }

    public String batchId()
    {
        return batchId(region, department, table, batch);
    }

    public static String batchId(String region, String department, String table, String batch)
    {
        return format("%s/%s/%s/%s", region, department, table, batch);
    }
}
