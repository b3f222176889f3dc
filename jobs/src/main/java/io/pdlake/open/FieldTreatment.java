package io.pdlake.open;

import io.pdlake.catalog.CatalogField;
import io.pdlake.catalog.FieldType;

import java.util.Locale;

import static java.lang.String.format;

/**
 * What open publishing does with a field, from its catalog sensitivity: sensitive personal and
 * confidential business fields are removed, personal fields masked, the rest kept. An ID number
 * is masked even where the catalog forgot to mark it.
 */
public enum FieldTreatment
{
    KEPT,
    MASKED,
    REMOVED;

    public static FieldTreatment of(CatalogField field)
    {
        return switch (field.sensitive()) {
            case SENSITIVE_PERSONAL, CONFIDENTIAL_BUSINESS -> REMOVED;
            case PERSONAL -> MASKED;
            case NONE -> field.type().kind() == FieldType.Kind.ID_NUMBER ? MASKED : KEPT;
        };
    }

    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The Spark SQL mask, the same shapes as the Trino masks: ID numbers keep the first 6 and last
     * 4 characters, phones the first 3 and last 4, names the surname, addresses everything up to
     * the district, dates the year; anything else becomes NULL.
     */
    public static String mask(CatalogField field)
    {
        String column = "`" + field.name() + "`";
        String element = field.element().orElse("");
        FieldType.Kind kind = field.type().kind();
        if (kind == FieldType.Kind.ID_NUMBER) {
            return format("concat(substr(%1$s, 1, 6), '********', substr(%1$s, 15, 4))", column);
        }
        if (field.name().contains("phone") || element.endsWith(".phone")) {
            return format("concat(substr(%1$s, 1, 3), '****', substr(%1$s, -4, 4))", column);
        }
        if (kind == FieldType.Kind.STRING && (field.name().contains("address") || element.endsWith("address"))) {
            return format("CASE WHEN %1$s IS NULL THEN NULL WHEN regexp_extract(%1$s, '^(.*?市.*?[区县市])', 1) = '' THEN '***' "
                    + "ELSE regexp_extract(%1$s, '^(.*?市.*?[区县市])', 1) END", column);
        }
        if (kind == FieldType.Kind.STRING && (field.name().endsWith("name") || element.endsWith(".name") || element.endsWith("legal_representative")
                || field.name().endsWith("representative"))) {
            return format("concat(substr(%1$s, 1, 1), '**')", column);
        }
        if (kind == FieldType.Kind.DATE) {
            return format("trunc(%s, 'year')", column);
        }
        return format("CAST(NULL AS %s)", field.type().sqlType());
    }
}
