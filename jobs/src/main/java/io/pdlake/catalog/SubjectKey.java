package io.pdlake.catalog;

import static java.util.Objects.requireNonNull;

/** Which field identifies the subject of a record (Art. 15), and what kind of identifier it is. */
public record SubjectKey(KeyKind kind, String field)
{
    public SubjectKey
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(field, "field is null");
    }
}
