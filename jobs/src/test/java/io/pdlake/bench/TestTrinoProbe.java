package io.pdlake.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestTrinoProbe
{
    @Test
    void percentilesAreNearestRank()
    {
        double[] twenty = new double[20];
        for (int index = 0; index < twenty.length; index++) {
            twenty[index] = index + 1;
        }
        assertThat(TrinoProbe.percentile(twenty, 50)).isEqualTo(10);
        assertThat(TrinoProbe.percentile(twenty, 95)).isEqualTo(19);
        assertThat(TrinoProbe.percentile(new double[] {7}, 95)).isEqualTo(7);
    }

    @Test
    void queriesQuoteTheirKeys()
    {
        assertThat(TrinoProbe.queries("91130502MA0ABC01X4", "13050219900101001'X"))
                .containsEntry("lookup by USCC", "SELECT * FROM base.legal_entity WHERE uscc = '91130502MA0ABC01X4'")
                .containsEntry("lookup by ID number", "SELECT * FROM base.person WHERE id_number = '13050219900101001''X'")
                .containsKey("aggregate by district");
    }
}
