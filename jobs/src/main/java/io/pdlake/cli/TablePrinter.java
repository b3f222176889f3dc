package io.pdlake.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints rows as an aligned text table or as CSV. Chinese characters take two terminal columns,
 * so widths are counted in display columns, not characters.
 */
public final class TablePrinter
{
    private TablePrinter() {}

    public static void printTable(PrintStream out, List<String> header, List<List<String>> rows)
    {
        int[] widths = new int[header.size()];
        for (int column = 0; column < header.size(); column++) {
            widths[column] = displayWidth(header.get(column));
        }
        for (List<String> row : rows) {
            for (int column = 0; column < row.size(); column++) {
                widths[column] = Math.max(widths[column], displayWidth(row.get(column)));
            }
        }
        out.println(line(header, widths));
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        out.println(String.join("-+-", rule));
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
        out.printf("(%s row%s)%n", rows.size(), rows.size() == 1 ? "" : "s");
    }

    public static void printCsv(PrintStream out, List<String> header, List<List<String>> rows)
    {
        out.println(csvLine(header));
        for (List<String> row : rows) {
            out.println(csvLine(row));
        }
    }

    static String csvLine(List<String> cells)
    {
        List<String> quoted = new ArrayList<>();
        for (String cell : cells) {
            String value = cell == null ? "" : cell;
            quoted.add(value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                    ? '"' + value.replace("\"", "\"\"") + '"'
                    : value);
        }
        return String.join(",", quoted);
    }

    private static String line(List<String> cells, int[] widths)
    {
        StringBuilder builder = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            if (column > 0) {
                builder.append(" | ");
            }
            String cell = cells.get(column) == null ? "" : cells.get(column);
            builder.append(cell);
            if (column < cells.size() - 1) {
                builder.append(" ".repeat(widths[column] - displayWidth(cell)));
            }
        }
        return builder.toString();
    }

    static int displayWidth(String text)
    {
        if (text == null) {
            return 0;
        }
        int width = 0;
        for (int index = 0; index < text.length(); ) {
            int codePoint = text.codePointAt(index);
            width += isWide(codePoint) ? 2 : 1;
            index += Character.charCount(codePoint);
        }
        return width;
    }

    private static boolean isWide(int codePoint)
    {
        return (codePoint >= 0x1100 && codePoint <= 0x115F)
                || (codePoint >= 0x2E80 && codePoint <= 0xA4CF)
                || (codePoint >= 0xAC00 && codePoint <= 0xD7A3)
                || (codePoint >= 0xF900 && codePoint <= 0xFAFF)
                || (codePoint >= 0xFE30 && codePoint <= 0xFE4F)
                || (codePoint >= 0xFF00 && codePoint <= 0xFF60)
                || (codePoint >= 0xFFE0 && codePoint <= 0xFFE6)
                || (codePoint >= 0x20000 && codePoint <= 0x3FFFD);
    }
}
