package io.pdlake.ingest;

import io.pdlake.catalog.FeedFormat;
import io.pdlake.catalog.FieldType;
import io.pdlake.catalog.KeyKind;
import io.pdlake.catalog.SensitiveClass;
import io.pdlake.quality.ReasonCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestFeedFileParser
{
    private static FeedLayout layout(FeedFormat format, String encoding)
    {
        return new FeedLayout("XT-T-0001", "people", List.of(
                new FeedLayout.FieldSpec("id_number", "公民身份号码", FieldType.of(FieldType.Kind.ID_NUMBER), true, 0, SensitiveClass.SENSITIVE_PERSONAL, false),
                new FeedLayout.FieldSpec("name", "姓名", FieldType.of(FieldType.Kind.STRING), true, 0, SensitiveClass.PERSONAL, false),
                new FeedLayout.FieldSpec("note", "备注", FieldType.of(FieldType.Kind.STRING), false, 0, SensitiveClass.NONE, false)),
                0, KeyKind.ID_NUMBER, format, encoding);
    }

    private static List<ParsedRow> parse(FeedLayout layout, byte[] bytes)
    {
        Iterator<ParsedRow> rows = FeedFileParser.parse(new ByteArrayInputStream(bytes), layout, "f");
        List<ParsedRow> result = new ArrayList<>();
        rows.forEachRemaining(result::add);
        return result;
    }

    @Test
    void mapsCsvColumnsByHeaderInAnyOrderAndDecodesGbk()
    {
        byte[] bytes = "姓名,公民身份号码\n邢台人,11010519491231002X\n".getBytes(Charset.forName("GBK"));
        List<ParsedRow> rows = parse(layout(FeedFormat.CSV, "GBK"), bytes);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values()).containsExactly("11010519491231002X", "邢台人", null);
        assertThat(rows.get(0).line()).isEqualTo(2);
    }

    @Test
    void rejectsRowsItCannotRead()
    {
        byte[] good = "公民身份号码,姓名,备注\n1,a,b\n2,b\n3,\"c,d\n".getBytes(Charset.forName("UTF-8"));
        byte[] invalid = {(byte) 0xFF, (byte) 0xFE, ',', 'x', ',', 'y', '\n'};
        byte[] bytes = new byte[good.length + invalid.length];
        System.arraycopy(good, 0, bytes, 0, good.length);
        System.arraycopy(invalid, 0, bytes, good.length, invalid.length);
        List<ParsedRow> rows = parse(layout(FeedFormat.CSV, "UTF-8"), bytes);
        assertThat(rows).extracting(row -> row.rejection().map(Rejection::reason).orElse(null))
                .containsExactly(null, ReasonCode.WRONG_COLUMN_COUNT, ReasonCode.MALFORMED_QUOTING, ReasonCode.ENCODING_ERROR);
        assertThat(rows.get(1).rejection().orElseThrow().message()).isEqualTo("f line 3: the row has a different number of columns than the header: 2 columns, header has 3");
    }

    @Test
    void rejectsEveryRowWhenARequiredColumnIsMissing()
    {
        List<ParsedRow> rows = parse(layout(FeedFormat.CSV, "UTF-8"), "公民身份号码,备注\n1,a\n2,b\n".getBytes(Charset.forName("UTF-8")));
        assertThat(rows).hasSize(2).allSatisfy(row -> assertThat(row.rejection().orElseThrow().reason()).isEqualTo(ReasonCode.MISSING_COLUMN));
        assertThat(rows.get(0).rejection().orElseThrow().message()).endsWith(": 姓名");
    }

    @Test
    void readsJsonLines()
    {
        String text = "{\"公民身份号码\":\"11010519491231002X\",\"姓名\":\"甲\",\"备注\":12}\n\n[1,2]\n{broken\n{\"name\":\"乙\"}\n";
        List<ParsedRow> rows = parse(layout(FeedFormat.JSONL, "UTF-8"), text.getBytes(Charset.forName("UTF-8")));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).values()).containsExactly("11010519491231002X", "甲", "12");
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).rejection().orElseThrow().reason()).isEqualTo(ReasonCode.MALFORMED_JSON);
        assertThat(rows.get(2).rejection().orElseThrow().reason()).isEqualTo(ReasonCode.MALFORMED_JSON);
        assertThat(rows.get(3).values()).containsExactly(null, "乙", null);
    }
}
