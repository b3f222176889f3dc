package io.pdlake.identity;

import io.pdlake.quality.ReasonCode;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestCreditCodes
{
    @Test
    void acceptsPublishedCodes()
    {
        // the example code of GB 32100-2015 and a real enterprise's code
        assertThat(CreditCodes.check("91350100M000100Y43").isValid()).isTrue();
        assertThat(CreditCodes.check("91110000600037341L").isValid()).isTrue();
        assertThat(CreditCodes.checkCharacter("91350100M000100Y4")).isEqualTo('3');
    }

    @Test
    void checksTheOrganisationCodeInside()
    {
        assertThat(CreditCodes.organizationCheckCharacter("M000100Y")).isEqualTo('4');
        // body check character altered, then the outer check character recomputed so only GB 11714 fails
        String first = "91350100M000100Y5";
        String code = first + CreditCodes.checkCharacter(first);
        assertThat(CreditCodes.check(code).problem()).contains(ReasonCode.USCC_ORG_CODE_CHECK_DIGIT);
    }

    @Test
    void namesEachProblem()
    {
        assertThat(CreditCodes.check(" ").problem()).contains(ReasonCode.USCC_MISSING);
        assertThat(CreditCodes.check("91350100M000100Y4").problem()).contains(ReasonCode.USCC_FORMAT);
        assertThat(CreditCodes.check("91350100M000100I43").problem()).contains(ReasonCode.USCC_FORMAT);
        assertThat(CreditCodes.check("91AB0100M000100Y43").problem()).contains(ReasonCode.USCC_FORMAT);
        assertThat(CreditCodes.check("91350100M000100Y44").problem()).contains(ReasonCode.USCC_CHECK_DIGIT);
    }

    @Test
    void standardisesCase()
    {
        assertThat(CreditCodes.check("91350100m000100y43").normalized()).isEqualTo("91350100M000100Y43");
        assertThat(CreditCodes.check("91350100m000100y43").isValid()).isTrue();
    }

    @Test
    void everyGeneratedCodePassesAndEverySingleChangeFails()
    {
        SplittableRandom random = new SplittableRandom(32100);
        String alphabet = CreditCodes.ALPHABET;
        int generated = 0;
        while (generated < 1_000) {
            StringBuilder body = new StringBuilder();
            for (int index = 0; index < 8; index++) {
                body.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            char organizationCheck = CreditCodes.organizationCheckCharacter(body);
            String first = "" + "159Y".charAt(random.nextInt(4)) + (1 + random.nextInt(3)) + String.format("%06d", random.nextInt(1_000_000)) + body + organizationCheck;
            String code = first + CreditCodes.checkCharacter(first);
            generated++;
            assertThat(CreditCodes.check(code).isValid()).as(code).isTrue();
            for (int position = 0; position < 18; position++) {
                for (char replacement : alphabet.toCharArray()) {
                    if (replacement == code.charAt(position)) {
                        continue;
                    }
                    String changed = code.substring(0, position) + replacement + code.substring(position + 1);
                    assertThat(CreditCodes.check(changed).isValid()).as(changed).isFalse();
                }
            }
        }
    }

    @Test
    void rejectsBadArgumentsWithAMessage()
    {
        assertThatThrownBy(() -> CreditCodes.checkCharacter("9135"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot compute a credit code check character from fewer than 17 characters: 9135");
    }
}
