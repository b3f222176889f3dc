package io.pdlake.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestTablePrinter
{
    @Test
    void alignsChineseByDisplayWidth()
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TablePrinter.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of("name", "n"), List.of(List.of("邢台", "1"), List.of("ab", "22")));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "name | n",
                "-----+---",
                "邢台 | 1",
                "ab   | 22",
                "(2 rows)");
    }

    @Test
    void quotesCsv()
    {
        assertThat(TablePrinter.csvLine(List.of("a,b", "say \"x\"", "plain"))).isEqualTo("\"a,b\",\"say \"\"x\"\"\",plain");
    }
}
