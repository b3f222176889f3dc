package io.pdlake.identity;

/**
 * Text standardisation shared by identifiers and feed values: full-width forms to half-width,
 * ideographic space to space, then trim.
 */
public final class Text
{
    private Text() {}

    public static String toHalfWidth(String value)
    {
        StringBuilder builder = null;
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            char replacement = character;
            if (character >= '\uFF01' && character <= '\uFF5E') {
                replacement = (char) (character - 0xFEE0);
            }
            else if (character == '\u3000' || character == '\u00A0') {
                replacement = ' ';
            }
            if (replacement != character && builder == null) {
                builder = new StringBuilder(value);
            }
            if (builder != null) {
                builder.setCharAt(index, replacement);
            }
        }
        return builder == null ? value : builder.toString();
    }

    /** Half-width, trimmed of spaces (including the full-width ones), never null. */
    public static String standardize(String value)
    {
        if (value == null) {
            return "";
        }
        return toHalfWidth(value).strip();
    }
}
