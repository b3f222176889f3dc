package io.pdlake.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestFieldType
{
    @Test
    void parsesEveryKind()
    {
        assertThat(FieldType.parse("decimal(18, 2)")).contains(new FieldType(FieldType.Kind.DECIMAL, 18, 2));
        assertThat(FieldType.parse("ID_NUMBER")).contains(FieldType.of(FieldType.Kind.ID_NUMBER));
        assertThat(FieldType.parse("decimal(2,3)")).isEmpty();
        assertThat(FieldType.parse("decimal")).isEmpty();
        assertThat(FieldType.parse("varchar")).isEmpty();
        assertThat(FieldType.parse("integer").orElseThrow().sqlType()).isEqualTo("BIGINT");
        assertThat(FieldType.parse("decimal(10,2)").orElseThrow()).hasToString("decimal(10,2)");
    }
}
