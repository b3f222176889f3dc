package io.pdlake.catalog;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/** One problem found in the catalog files: the file, the field path within it, and what is wrong. */
public record ValidationProblem(String file, String field, String message)
{
    public ValidationProblem
    {
        requireNonNull(file, "file is null");
        requireNonNull(field, "field is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString()
    {
        return field.isEmpty() ? format("%s: %s", file, message) : format("%s: %s: %s", file, field, message);
    }
}
