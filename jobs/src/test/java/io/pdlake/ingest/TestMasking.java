package io.pdlake.ingest;

import io.pdlake.catalog.FeedFormat;
import io.pdlake.catalog.FieldType;
import io.pdlake.catalog.KeyKind;
import io.pdlake.catalog.SensitiveClass;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestMasking
{
    @Test
    void keepsOnlyTheEnds()
    {
        assertThat(Masking.mask("11010519491231002X")).isEqualTo("110105********002X");
        assertThat(Masking.mask("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.mask("8055.40")).isEqualTo("80***40");
        assertThat(Masking.mask("1980-02-30")).isEqualTo("19******30");
        assertThat(Masking.mask("张三丰")).isEqualTo("张**");
        assertThat(Masking.mask("x")).isEqualTo("*");
    }

    private static final FeedLayout LAYOUT = new FeedLayout("XT-T-0001", "people", List.of(
            new FeedLayout.FieldSpec("id_number", "公民身份号码", FieldType.of(FieldType.Kind.ID_NUMBER), true, 0, SensitiveClass.SENSITIVE_PERSONAL, false),
            new FeedLayout.FieldSpec("name", "姓名", FieldType.of(FieldType.Kind.STRING), true, 0, SensitiveClass.PERSONAL, false),
            new FeedLayout.FieldSpec("note", "备注", FieldType.of(FieldType.Kind.STRING), false, 0, SensitiveClass.NONE, false)),
            0, KeyKind.ID_NUMBER, FeedFormat.CSV, "UTF-8");

    @Test
    void masksTheSensitiveValuesOfARecordSplitIntoFields()
    {
        assertThat(Masking.maskRecord("11010519491231002X,张三丰,备注", LAYOUT, List.of("11010519491231002X", "张三丰", "备注")))
                .isEqualTo("110105********002X,张**,备注");
        assertThat(Masking.maskRecord("11010519491231002X,,x", LAYOUT, Arrays.asList("11010519491231002X", null, "x"))).isEqualTo("110105********002X,,x");
    }

    @Test
    void masksEveryTokenWhereTheFieldsAreUnknownOrNotFound()
    {
        assertThat(Masking.maskRecord("11010519491231002X,\"张三丰,备注", LAYOUT, List.of())).isEqualTo("110105********002X,\"张**,备*");
        // the name was cut off with the raw text: nothing tells where it is
        assertThat(Masking.maskRecord("11010519491231002X,张三", LAYOUT, List.of("11010519491231002X", "张三丰", ""))).isEqualTo("110105********002X,张*");
    }

    @Test
    void leavesRecordsWithoutSensitiveFieldsAlone()
    {
        FeedLayout plain = new FeedLayout("XT-T-0003", "things", List.of(
                new FeedLayout.FieldSpec("code", "代码", FieldType.of(FieldType.Kind.CODE), true, 0, SensitiveClass.NONE, false)),
                0, KeyKind.OTHER, FeedFormat.CSV, "UTF-8");
        assertThat(Masking.maskRecord("A1,张三", plain, List.of())).isEqualTo("A1,张三");
    }
}
