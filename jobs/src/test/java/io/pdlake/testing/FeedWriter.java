package io.pdlake.testing;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.FeedFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a small hand-made CSV feed for a catalog entry, in the entry's encoding, into a landing layout. */
public final class FeedWriter
{
    private FeedWriter() {}

    public static Path write(Path landing, CatalogEntry entry, String batch, List<Map<String, String>> rows)
    {
        if (entry.format() != FeedFormat.CSV) {
            throw new IllegalArgumentException("FeedWriter writes CSV entries only, not " + entry.code());
        }
        StringBuilder text = new StringBuilder();
        text.append(String.join(",", entry.fields().stream().map(CatalogField::column).toList())).append('\n');
        for (Map<String, String> row : rows) {
            List<String> cells = new ArrayList<>();
            for (CatalogField field : entry.fields()) {
                cells.add(row.getOrDefault(field.name(), ""));
            }
            text.append(String.join(",", cells)).append('\n');
        }
        Path file = landing.resolve(entry.region()).resolve(entry.department()).resolve(entry.table()).resolve(batch).resolve("part-00001.csv");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, text.toString().getBytes(Charset.forName(entry.encoding())));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
