package io.pdlake.ingest;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks a sensitive value shown in a message: the first and last characters survive so a
 * provider can find the row, the middle does not (ID number: first 6 and last 4; phone: first 3
 * and last 4; 7 to 10 characters: first 2 and last 2; shorter: the first).
 */
public final class Masking
{
    private static final Pattern TOKEN = Pattern.compile("[^,\\t\"{}\\[\\]:]+");

    private Masking() {}

    /**
     * The raw text of a rejected record as quality.rejects keeps it: the values of the layout's
     * sensitive fields masked where the record was split into {@code values} (layout order); where
     * it could not be, every token, since nothing tells which of them is sensitive.
     */
    public static String maskRecord(String rawText, FeedLayout layout, List<String> values)
    {
        if (rawText.isEmpty() || !layout.hasSensitiveFields()) {
            return rawText;
        }
        boolean located = !values.isEmpty();
        String masked = rawText;
        for (int index = 0; located && index < values.size() && index < layout.fields().size(); index++) {
            String value = values.get(index);
            if (layout.fields().get(index).isSensitive() && value != null && !value.isBlank()) {
                // a value cut off with the raw text, or written with doubled quotes, is not found: mask it all then
                located = masked.contains(value);
                masked = masked.replace(value, mask(value));
            }
        }
        if (!located) {
            Matcher matcher = TOKEN.matcher(rawText);
            StringBuilder tokens = new StringBuilder();
            while (matcher.find()) {
                String token = matcher.group();
                matcher.appendReplacement(tokens, Matcher.quoteReplacement(token.isBlank() ? token : mask(token)));
            }
            matcher.appendTail(tokens);
            return tokens.toString();
        }
        return masked;
    }

    public static String mask(String value)
    {
        int length = value.codePointCount(0, value.length());
        if (length >= 15) {
            return keep(value, 6, 4);
        }
        if (length >= 11) {
            return keep(value, 3, 4);
        }
        // keeping 3 and 4 of 7 to 10 characters hid nothing of a 7-character amount like 8055.40 and
        // left a date with 3 hidden; keep 2 and 2 so at least 3 are hidden
        if (length >= 7) {
            return keep(value, 2, 2);
        }
        if (length >= 2) {
            return keep(value, 1, 0);
        }
        return "*";
    }

    private static String keep(String value, int head, int tail)
    {
        int[] codePoints = value.codePoints().toArray();
        StringBuilder builder = new StringBuilder();
        for (int index = 0; index < codePoints.length; index++) {
            builder.appendCodePoint(index < head || index >= codePoints.length - tail ? codePoints[index] : '*');
        }
        return builder.toString();
    }
}
