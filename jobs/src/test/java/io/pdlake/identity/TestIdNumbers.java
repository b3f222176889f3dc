package io.pdlake.identity;

import io.pdlake.quality.ReasonCode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestIdNumbers
{
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    @Test
    void acceptsTheStandardsOwnExample()
    {
        IdentifierCheck check = IdNumbers.check("11010519491231002X", TODAY);
        assertThat(check.isValid()).isTrue();
        assertThat(check.kind()).isEqualTo(IdentifierKind.ID_NUMBER);
        assertThat(check.normalized()).isEqualTo("11010519491231002X");
        assertThat(IdNumbers.checkCharacter("11010519491231002")).isEqualTo('X');
    }

    @Test
    void upgradesFifteenDigitNumbers()
    {
        assertThat(IdNumbers.check("110105491231002", TODAY).normalized()).isEqualTo("11010519491231002X");
        assertThat(IdNumbers.check("110105491231002", TODAY).isValid()).isTrue();
    }

    @Test
    void standardisesCaseWidthAndSpaces()
    {
        assertThat(IdNumbers.check("  11010519491231002x ", TODAY).normalized()).isEqualTo("11010519491231002X");
        assertThat(IdNumbers.check("\u3000１１０１０５１９４９１２３１００２Ｘ", TODAY).normalized()).isEqualTo("11010519491231002X");
    }

    @Test
    void namesEachProblem()
    {
        assertThat(IdNumbers.check("", TODAY).problem()).contains(ReasonCode.ID_NUMBER_MISSING);
        assertThat(IdNumbers.check(null, TODAY).problem()).contains(ReasonCode.ID_NUMBER_MISSING);
        assertThat(IdNumbers.check("11010519491231002", TODAY).problem()).contains(ReasonCode.ID_NUMBER_FORMAT);
        assertThat(IdNumbers.check("1101051949123100XX", TODAY).problem()).contains(ReasonCode.ID_NUMBER_FORMAT);
        assertThat(IdNumbers.check("11010519491231002A", TODAY).problem()).contains(ReasonCode.ID_NUMBER_FORMAT);
        assertThat(IdNumbers.check("01010519491231002X", TODAY).problem()).contains(ReasonCode.ID_NUMBER_REGION);
        assertThat(IdNumbers.check("110105194913310020", TODAY).problem()).contains(ReasonCode.ID_NUMBER_BIRTH_DATE);
        assertThat(IdNumbers.check("110105203012310020", TODAY).problem()).contains(ReasonCode.ID_NUMBER_BIRTH_DATE);
        assertThat(IdNumbers.check("110105194912310021", TODAY).problem()).contains(ReasonCode.ID_NUMBER_CHECK_DIGIT);
    }

    @Test
    void everyGeneratedNumberPassesAndEverySingleChangeFails()
    {
        SplittableRandom random = new SplittableRandom(11643);
        for (int sample = 0; sample < 2_000; sample++) {
            LocalDate birth = LocalDate.of(1900, 1, 1).plusDays(random.nextInt(45_000));
            String body = String.format("%d%05d%04d%02d%02d%03d", 1 + random.nextInt(8), random.nextInt(100_000), birth.getYear(), birth.getMonthValue(),
                    birth.getDayOfMonth(), random.nextInt(1000));
            String number = body + IdNumbers.checkCharacter(body);
            assertThat(IdNumbers.check(number, TODAY).isValid()).as(number).isTrue();
            for (int position = 0; position < 18; position++) {
                for (char replacement : "0123456789X".toCharArray()) {
                    if (replacement == number.charAt(position)) {
                        continue;
                    }
                    String changed = number.substring(0, position) + replacement + number.substring(position + 1);
                    assertThat(IdNumbers.check(changed, TODAY).isValid()).as(changed).isFalse();
                }
            }
        }
    }

    @Test
    void rejectsBadArgumentsWithAMessage()
    {
        assertThatThrownBy(() -> IdNumbers.checkCharacter("123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot compute an ID number check character from fewer than 17 digits: 123");
    }
}
