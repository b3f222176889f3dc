package io.pdlake.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestText
{
    @Test
    void foldsFullWidthAndTrims()
    {
        assertThat(Text.standardize("\u3000ＡＢＣ１２３（有限公司）  ")).isEqualTo("ABC123(有限公司)");
        assertThat(Text.standardize(null)).isEmpty();
        assertThat(Text.toHalfWidth("邢台")).isEqualTo("邢台");
    }
}
