package io.pdlake.catalog;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One entry of the public data resource catalog (公共数据资源目录, Art. 11-12). */
public record CatalogEntry(
        String code,
        String name,
        String nameEn,
        String department,
        String region,
        SubjectKey subjectKey,
        BaseDatabase base,
        String table,
        List<CatalogField> fields,
        ShareType shareType,
        Optional<String> shareLegalBasis,
        OpenType openType,
        Optional<OpenReview> openReview,
        int securityLevel,
        String usage,
        UpdateCycle updateCycle,
        SourceType sourceType,
        Optional<String> approvalReference,
        FeedFormat format,
        String encoding,
        Optional<String> updatedAtField,
        String sourceFile)
{
    public CatalogEntry
    {
        requireNonNull(code, "code is null");
        requireNonNull(name, "name is null");
        requireNonNull(nameEn, "nameEn is null");
        requireNonNull(department, "department is null");
        requireNonNull(region, "region is null");
        requireNonNull(subjectKey, "subjectKey is null");
        requireNonNull(base, "base is null");
        requireNonNull(table, "table is null");
        fields = List.copyOf(requireNonNull(fields, "fields is null"));
        requireNonNull(shareType, "shareType is null");
        requireNonNull(shareLegalBasis, "shareLegalBasis is null");
        requireNonNull(openType, "openType is null");
        requireNonNull(openReview, "openReview is null");
        requireNonNull(usage, "usage is null");
        requireNonNull(updateCycle, "updateCycle is null");
        requireNonNull(sourceType, "sourceType is null");
        requireNonNull(approvalReference, "approvalReference is null");
        requireNonNull(format, "format is null");
        requireNonNull(encoding, "encoding is null");
        requireNonNull(updatedAtField, "updatedAtField is null");
        requireNonNull(sourceFile, "sourceFile is null");
    }

    public Optional<CatalogField> field(String fieldName)
    {
        return fields.stream().filter(field -> field.name().equals(fieldName)).findFirst();
    }

    /** Qualified raw table name in the lake, e.g. {@code raw.household_registration}. */
    public String rawTable()
    {
        return "raw." + table;
    }
}
