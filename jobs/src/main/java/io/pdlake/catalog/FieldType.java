package io.pdlake.catalog;

import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The type of a catalog field: {@code string}, {@code code} (upper-cased), {@code integer},
 * {@code decimal(p,s)}, {@code date}, {@code timestamp}, {@code boolean}, {@code id_number} and
 * {@code uscc} (identifiers checked by their standards).
 */
public record FieldType(Kind kind, int precision, int scale)
        implements Serializable
{
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d{1,2}),\\s*(\\d{1,2})\\)");

    public enum Kind
    {
        STRING, CODE, INTEGER, DECIMAL, DATE, TIMESTAMP, BOOLEAN, ID_NUMBER, USCC
    }

    public FieldType
    {
        requireNonNull(kind, "kind is null");
        if (kind == Kind.DECIMAL && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException(format("Invalid decimal precision and scale: (%s,%s)", precision, scale));
        }
    }

    public static FieldType of(Kind kind)
    {
        return new FieldType(kind, 0, 0);
    }

    public static Optional<FieldType> parse(String text)
    {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = DECIMAL.matcher(value);
        if (matcher.matches()) {
            int precision = Integer.parseInt(matcher.group(1));
            int scale = Integer.parseInt(matcher.group(2));
            if (precision < 1 || precision > 38 || scale > precision) {
                return Optional.empty();
            }
            return Optional.of(new FieldType(Kind.DECIMAL, precision, scale));
        }
        for (Kind kind : Kind.values()) {
            if (kind != Kind.DECIMAL && kind.name().toLowerCase(Locale.ROOT).equals(value)) {
                return Optional.of(of(kind));
            }
        }
        return Optional.empty();
    }

    /** The Spark SQL type, which Iceberg maps one to one. */
    public String sqlType()
    {
        return switch (kind) {
            case STRING, CODE, ID_NUMBER, USCC -> "STRING";
            case INTEGER -> "BIGINT";
            case DECIMAL -> format("DECIMAL(%s,%s)", precision, scale);
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case BOOLEAN -> "BOOLEAN";
        };
    }

    @Override
    public String toString()
    {
        return kind == Kind.DECIMAL ? format("decimal(%s,%s)", precision, scale) : kind.name().toLowerCase(Locale.ROOT);
    }
}
