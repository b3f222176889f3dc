package io.pdlake.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestMasking
{
    @Test
    void keepsOnlyTheEnds()
    {
        assertThat(Masking.mask("11010519491231002X")).isEqualTo("110105********002X");
        assertThat(Masking.mask("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.mask("张三丰")).isEqualTo("张**");
        assertThat(Masking.mask("x")).isEqualTo("*");
    }
}
