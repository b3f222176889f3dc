package io.pdlake.identity;

import io.pdlake.quality.ReasonCode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class TestIdentifiers
{
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    @Test
    void tellsTheKind()
    {
        assertThat(Identifiers.check("11010519491231002X", TODAY).kind()).isEqualTo(IdentifierKind.ID_NUMBER);
        assertThat(Identifiers.check("110105491231002", TODAY).kind()).isEqualTo(IdentifierKind.ID_NUMBER);
        assertThat(Identifiers.check("91350100M000100Y43", TODAY).kind()).isEqualTo(IdentifierKind.USCC);
        assertThat(Identifiers.check("hello", TODAY).kind()).isEqualTo(IdentifierKind.UNKNOWN);
        assertThat(Identifiers.check("hello", TODAY).problem()).contains(ReasonCode.IDENTIFIER_UNRECOGNIZED);
    }

    @Test
    void keepsTheIdNumberReasonForAnAllDigitCodeThatIsNeither()
    {
        assertThat(Identifiers.check("110105194912310021", TODAY).problem()).contains(ReasonCode.ID_NUMBER_CHECK_DIGIT);
    }
}
