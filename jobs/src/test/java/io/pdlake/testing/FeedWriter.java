package io.pdlake.testing;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.FieldType;
import io.pdlake.sample.SampleGenerator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a small hand-made feed for a catalog entry into a landing layout: CSV in the entry's
 * encoding, or Parquet with the feed's column names, as the sample generator writes them.
 */
public final class FeedWriter
{
    private FeedWriter() {}

    public static Path write(Path landing, CatalogEntry entry, String batch, List<Map<String, String>> rows)
    {
        Path directory = landing.resolve(entry.region()).resolve(entry.department()).resolve(entry.table()).resolve(batch);
        try {
            Files.createDirectories(directory);
            return switch (entry.format()) {
                case CSV -> csv(entry, rows, directory.resolve("part-00001.csv"));
                case PARQUET -> parquet(entry, rows, directory.resolve("part-00001.parquet"));
                case JSONL -> throw new IllegalArgumentException("FeedWriter writes CSV and Parquet entries only, not " + entry.code());
            };
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path csv(CatalogEntry entry, List<Map<String, String>> rows, Path file)
            throws IOException
    {
        StringBuilder text = new StringBuilder();
        text.append(String.join(",", entry.fields().stream().map(CatalogField::column).toList())).append('\n');
        for (Map<String, String> row : rows) {
            List<String> cells = new ArrayList<>();
            for (CatalogField field : entry.fields()) {
                cells.add(row.getOrDefault(field.name(), ""));
            }
            text.append(String.join(",", cells)).append('\n');
        }
        Files.write(file, text.toString().getBytes(Charset.forName(entry.encoding())));
        return file;
    }

    /** Text columns, integers as INT64; a value left out of the row is a null. */
    private static Path parquet(CatalogEntry entry, List<Map<String, String>> rows, Path file)
            throws IOException
    {
        MessageType schema = SampleGenerator.parquetSchema(entry);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (Map<String, String> row : rows) {
                Group group = groups.newGroup();
                for (CatalogField field : entry.fields()) {
                    String value = row.get(field.name());
                    if (value == null) {
                        continue;
                    }
                    if (field.type().kind() == FieldType.Kind.INTEGER) {
                        group.add(field.column(), Long.parseLong(value));
                    }
                    else {
                        group.add(field.column(), value);
                    }
                }
                writer.write(group);
            }
        }
        return file;
    }
}
