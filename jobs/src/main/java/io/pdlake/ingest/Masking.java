package io.pdlake.ingest;

/**
 * Masks a sensitive value shown in a message: the first and last characters survive so a
 * provider can find the row, the middle does not (ID number: first 6 and last 4).
 */
public final class Masking
{
    private Masking() {}

    public static String mask(String value)
    {
        int length = value.codePointCount(0, value.length());
        if (length >= 15) {
            return keep(value, 6, 4);
        }
        if (length >= 7) {
            return keep(value, 3, 4);
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
