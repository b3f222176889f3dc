package io.pdlake.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A recorded change of law or duty affecting catalog entries (schemas/duty-changes.yaml, Art. 14). */
public record DutyChange(LocalDate date, String description, List<String> entries)
{
    public DutyChange
    {
        requireNonNull(date, "date is null");
        requireNonNull(description, "description is null");
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
    }

    public static List<DutyChange> load(Path file)
    {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            List<DutyChange> changes = new ArrayList<>();
            for (JsonNode change : root.path("changes")) {
                List<String> entries = new ArrayList<>();
                change.path("entries").forEach(entry -> entries.add(entry.asText()));
                String date = change.path("date").asText();
                try {
                    changes.add(new DutyChange(LocalDate.parse(date), change.path("description").asText(""), entries));
                }
                catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("Cannot parse the date of a duty change in " + file + ": " + date, e);
                }
            }
            return changes;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
