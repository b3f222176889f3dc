package io.pdlake.ingest;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.FeedFormat;
import io.pdlake.catalog.FieldType;
import io.pdlake.catalog.KeyKind;
import io.pdlake.catalog.SensitiveClass;
import io.pdlake.quality.ReasonCode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestRecordValidator
{
    private static final FeedLayout LAYOUT = new FeedLayout("XT-T-0001", "people", List.of(
            new FeedLayout.FieldSpec("id_number", "公民身份号码", FieldType.of(FieldType.Kind.ID_NUMBER), true, 0, SensitiveClass.SENSITIVE_PERSONAL, false),
            new FeedLayout.FieldSpec("name", "姓名", FieldType.of(FieldType.Kind.STRING), true, 4, SensitiveClass.PERSONAL, false),
            new FeedLayout.FieldSpec("kind", "类别", FieldType.of(FieldType.Kind.CODE), false, 0, SensitiveClass.NONE, false),
            new FeedLayout.FieldSpec("count", "人数", FieldType.of(FieldType.Kind.INTEGER), false, 0, SensitiveClass.NONE, false),
            new FeedLayout.FieldSpec("amount", "金额", FieldType.parse("decimal(6,2)").orElseThrow(), false, 0, SensitiveClass.NONE, false),
            new FeedLayout.FieldSpec("born", "出生日期", FieldType.of(FieldType.Kind.DATE), false, 0, SensitiveClass.NONE, false),
            new FeedLayout.FieldSpec("updated", "更新时间", FieldType.of(FieldType.Kind.TIMESTAMP), false, 0, SensitiveClass.NONE, false),
            new FeedLayout.FieldSpec("active", "有效", FieldType.of(FieldType.Kind.BOOLEAN), false, 0, SensitiveClass.NONE, false),
            new FeedLayout.FieldSpec("employer", "单位代码", FieldType.of(FieldType.Kind.USCC), false, 0, SensitiveClass.NONE, false)),
            0, KeyKind.ID_NUMBER, FeedFormat.CSV, "UTF-8");

    private final RecordValidator validator = new RecordValidator(LAYOUT, LocalDate.of(2026, 11, 27));

    private RecordValidator.Outcome validate(String... values)
    {
        return validator.validate(Arrays.asList(values), () -> "f.csv line 2");
    }

    @Test
    void standardisesAndTypesAGoodRow()
    {
        RecordValidator.Outcome outcome = validate(" 110105491231002 ", "张三", "ab", "1,200", "12.5", "2024/2/29", "2026-11-02 08:30:00", "是", "91350100m000100y43");
        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.values()).containsExactly("11010519491231002X", "张三", "AB", 1200L, new BigDecimal("12.50"), LocalDate.of(2024, 2, 29),
                LocalDateTime.of(2026, 11, 2, 8, 30).atZone(WorkingCalendar.ZONE).toInstant(), true, "91350100M000100Y43");
    }

    @Test
    void aGoodRowDoesNotMakeItsLocationsText()
    {
        RecordValidator.Outcome outcome = validator.validate(List.of("11010519491231002X", "张三"), () -> {
            throw new AssertionError("the location of an accepted row was asked for");
        });
        assertThat(outcome.accepted()).isTrue();
    }

    @Test
    void emptyOptionalValuesAreNull()
    {
        RecordValidator.Outcome outcome = validate("11010519491231002X", "张三", "", null, " ", "", "", "", "");
        assertThat(outcome.accepted()).isTrue();
        assertThat(Arrays.asList(outcome.values()).subList(2, 9)).containsOnlyNulls();
    }

    @Test
    void rejectsEachKindOfBadValue()
    {
        assertThat(reason("", "张三")).isEqualTo(ReasonCode.ID_NUMBER_MISSING);
        assertThat(reason("110105194912310021", "张三")).isEqualTo(ReasonCode.ID_NUMBER_CHECK_DIGIT);
        assertThat(reason("11010519491231002X", "")).isEqualTo(ReasonCode.REQUIRED_MISSING);
        assertThat(reason("11010519491231002X", "欧阳小明明")).isEqualTo(ReasonCode.VALUE_TOO_LONG);
        assertThat(reason("11010519491231002X", "张三", "", "12a")).isEqualTo(ReasonCode.BAD_INTEGER);
        assertThat(reason("11010519491231002X", "张三", "", "", "12.345")).isEqualTo(ReasonCode.BAD_DECIMAL);
        assertThat(reason("11010519491231002X", "张三", "", "", "123456")).isEqualTo(ReasonCode.BAD_DECIMAL);
        assertThat(reason("11010519491231002X", "张三", "", "", "", "2023-02-29")).isEqualTo(ReasonCode.BAD_DATE);
        assertThat(reason("11010519491231002X", "张三", "", "", "", "", "yesterday")).isEqualTo(ReasonCode.BAD_TIMESTAMP);
        assertThat(reason("11010519491231002X", "张三", "", "", "", "", "", "maybe")).isEqualTo(ReasonCode.BAD_BOOLEAN);
        assertThat(reason("11010519491231002X", "张三", "", "", "", "", "", "", "91350100M000100Y44")).isEqualTo(ReasonCode.USCC_CHECK_DIGIT);
    }

    @Test
    void rejectsDatesAfterTheDayOfIngestAndControlCharacters()
    {
        assertThat(reason("11010519491231002X", "张三", "", "", "", "2026-11-28")).isEqualTo(ReasonCode.DATE_IN_FUTURE);
        assertThat(validate("11010519491231002X", "张三", "", "", "", "2026-11-27", "2026-11-28 23:59:59").accepted()).isTrue();
        assertThat(reason("11010519491231002X", "张三", "", "", "", "", "2026-11-29 00:00:00")).isEqualTo(ReasonCode.DATE_IN_FUTURE);
        Rejection rejection = validate("11010519491231002X", "张\u0000三").rejection().orElseThrow();
        assertThat(rejection.reason()).isEqualTo(ReasonCode.CONTROL_CHARACTER);
        assertThat(rejection.message()).isEqualTo("f.csv line 2, field 姓名 (name): a value holds control characters (binary data in a text field): 张U****0三");
        assertThat(validate("11010519491231002X", "张\t三").accepted()).isTrue();
    }

    @Test
    void aFieldMarkedFutureMayLieAhead()
    {
        FeedLayout layout = new FeedLayout("XT-T-0002", "licences", List.of(
                new FeedLayout.FieldSpec("id_number", "公民身份号码", FieldType.of(FieldType.Kind.ID_NUMBER), true, 0, SensitiveClass.SENSITIVE_PERSONAL, false),
                new FeedLayout.FieldSpec("valid_until", "有效期至", FieldType.of(FieldType.Kind.DATE), false, 0, SensitiveClass.NONE, true)),
                0, KeyKind.ID_NUMBER, FeedFormat.CSV, "UTF-8");
        RecordValidator.Outcome outcome = new RecordValidator(layout, LocalDate.of(2026, 11, 27)).validate(List.of("11010519491231002X", "2031-12-31"), () -> "f.csv line 2");
        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.values()[1]).isEqualTo(LocalDate.of(2031, 12, 31));
    }

    @Test
    void theKeyIsCheckedFirstAndMessagesNameFileLineAndFieldWithSensitiveValuesMasked()
    {
        RecordValidator.Outcome outcome = validate("110105194912310021", "", "", "bad");
        Rejection rejection = outcome.rejection().orElseThrow();
        assertThat(rejection.reason()).isEqualTo(ReasonCode.ID_NUMBER_CHECK_DIGIT);
        assertThat(rejection.field()).contains("id_number");
        assertThat(rejection.message()).isEqualTo("f.csv line 2, field 公民身份号码 (id_number): citizen ID number fails the GB 11643 check character: 110105********0021");
    }

    private ReasonCode reason(String... values)
    {
        String[] padded = Arrays.copyOf(values, 9);
        return validator.validate(Arrays.asList(padded), () -> "f.csv line 2").rejection().orElseThrow().reason();
    }
}
