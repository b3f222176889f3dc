package io.pdlake.ingest;

import io.pdlake.catalog.CatalogEntry;
import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.FeedFormat;
import io.pdlake.catalog.FieldType;
import io.pdlake.catalog.KeyKind;
import io.pdlake.catalog.SensitiveClass;

import java.io.Serializable;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What executors need of a catalog entry to read its feed: the fields in lake order with their feed
 * columns, the subject key and the file format. Serializable, unlike the catalog records.
 */
public record FeedLayout(String entryCode, String table, List<FieldSpec> fields, int keyIndex, KeyKind keyKind, FeedFormat format, String encoding)
        implements Serializable
{
    public record FieldSpec(String name, String column, FieldType type, boolean required, int maxLength, SensitiveClass sensitive, boolean future)
            implements Serializable
    {
        public FieldSpec
        {
            requireNonNull(name, "name is null");
            requireNonNull(column, "column is null");
            requireNonNull(type, "type is null");
            requireNonNull(sensitive, "sensitive is null");
        }

        public boolean isSensitive()
        {
            return sensitive != SensitiveClass.NONE;
        }
    }

    public boolean hasSensitiveFields()
    {
        return fields.stream().anyMatch(FieldSpec::isSensitive);
    }

    public FeedLayout
    {
        requireNonNull(entryCode, "entryCode is null");
        requireNonNull(table, "table is null");
        fields = List.copyOf(requireNonNull(fields, "fields is null"));
        requireNonNull(keyKind, "keyKind is null");
        requireNonNull(format, "format is null");
        requireNonNull(encoding, "encoding is null");
        if (keyIndex < 0 || keyIndex >= fields.size()) {
            throw new IllegalArgumentException("keyIndex is out of range: " + keyIndex);
        }
    }

    public static FeedLayout of(CatalogEntry entry)
    {
        List<FieldSpec> fields = entry.fields().stream()
                .map(FeedLayout::spec)
                .toList();
        int keyIndex = 0;
        for (int index = 0; index < fields.size(); index++) {
            if (fields.get(index).name().equals(entry.subjectKey().field())) {
                keyIndex = index;
            }
        }
        return new FeedLayout(entry.code(), entry.table(), fields, keyIndex, entry.subjectKey().kind(), entry.format(), entry.encoding());
    }

    private static FieldSpec spec(CatalogField field)
    {
        return new FieldSpec(field.name(), field.column(), field.type(), field.required(), field.maxLength().orElse(0), field.sensitive(), field.future());
    }
}
