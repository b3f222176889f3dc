package io.pdlake.ingest;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestCsvRecordReader
{
    private static List<CsvRecordReader.CsvRecord> read(String text)
    {
        CsvRecordReader reader = new CsvRecordReader(new StringReader(text), ',');
        List<CsvRecordReader.CsvRecord> records = new ArrayList<>();
        Optional<CsvRecordReader.CsvRecord> record;
        while ((record = reader.next()).isPresent()) {
            records.add(record.get());
        }
        return records;
    }

    @Test
    void readsPlainAndQuotedFields()
    {
        List<CsvRecordReader.CsvRecord> records = read("\uFEFFa,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\n,,\n");
        assertThat(records).hasSize(3);
        assertThat(records.get(0).fields()).containsExactly("a", "b", "c");
        assertThat(records.get(1).fields()).containsExactly("1", "x,y", "say \"hi\"");
        assertThat(records.get(1).line()).isEqualTo(2);
        assertThat(records.get(1).rawText()).isEqualTo("1,\"x,y\",\"say \"\"hi\"\"\"");
        assertThat(records.get(2).fields()).containsExactly("", "", "");
        assertThat(records).noneMatch(CsvRecordReader.CsvRecord::malformedQuoting);
    }

    @Test
    void keepsLineBreaksInsideQuotesAndCountsLines()
    {
        List<CsvRecordReader.CsvRecord> records = read("h1,h2\n1,\"two\nlines\"\n\n3,x\n");
        assertThat(records).hasSize(3);
        assertThat(records.get(1).fields()).containsExactly("1", "two\nlines");
        assertThat(records.get(1).line()).isEqualTo(2);
        assertThat(records.get(2).line()).isEqualTo(5);
    }

    @Test
    void flagsStrayQuotes()
    {
        List<CsvRecordReader.CsvRecord> records = read("a,b\n1,ab\"c\n2,\"q\"x\n");
        assertThat(records.get(1).malformedQuoting()).isTrue();
        assertThat(records.get(2).malformedQuoting()).isTrue();
    }

    @Test
    void aLoneCarriageReturnEndsALine()
    {
        List<CsvRecordReader.CsvRecord> records = read("a,b\r1,x\r\r2,y\r");
        assertThat(records).extracting(CsvRecordReader.CsvRecord::line).containsExactly(1L, 2L, 4L);
        assertThat(records.get(2).fields()).containsExactly("2", "y");
        assertThat(records.get(1).rawText()).isEqualTo("1,x");
    }

    @Test
    void anUnterminatedQuoteCostsOneLine()
    {
        List<CsvRecordReader.CsvRecord> records = read("a,b\n1,\"open\n2,x\n3,y");
        assertThat(records).extracting(CsvRecordReader.CsvRecord::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records.get(1).malformedQuoting()).isTrue();
        assertThat(records.get(1).rawText()).isEqualTo("1,\"open");
        assertThat(records.get(2).fields()).containsExactly("2", "x");
        assertThat(records.get(3).fields()).containsExactly("3", "y");
    }

    @Test
    void anUnterminatedQuoteInALongFileIsCutShort()
    {
        StringBuilder text = new StringBuilder("a,b\n0,\"open\n");
        for (int index = 1; index <= 200; index++) {
            text.append(index).append(",v\n");
        }
        List<CsvRecordReader.CsvRecord> records = read(text.toString());
        assertThat(records).hasSize(202);
        assertThat(records.get(1).malformedQuoting()).isTrue();
        assertThat(records.get(2).line()).isEqualTo(3);
        assertThat(records.get(201).line()).isEqualTo(202);
        assertThat(records.get(201).fields()).containsExactly("200", "v");
    }
}
