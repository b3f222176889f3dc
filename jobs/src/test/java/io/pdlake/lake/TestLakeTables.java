package io.pdlake.lake;

import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestLakeTables
{
    @TempDir
    static Path directory;

    @Test
    void literalsRoundTripWhateverTheyHold()
    {
        TestingLake.Lake lake = TestingLake.create(directory);
        for (String value : List.of("plain", "it's", "ends in a backslash\\", "x\\' OR 1=1 --", "'; DROP TABLE meta.audit_log; --", "两个''引号", "")) {
            assertThat(lake.spark().sql("SELECT " + LakeTables.literal(value) + " AS v").first().getString(0)).isEqualTo(value);
        }
    }

    @Test
    void inListsMatchExactlyTheirValues()
    {
        TestingLake.Lake lake = TestingLake.create(directory);
        String rows = String.join(", ", List.of("a", "it's", "b\\", "c").stream().map(value -> "(" + LakeTables.literal(value) + ")").toList());
        lake.spark().sql("SELECT * FROM VALUES " + rows + " AS t(v)").createOrReplaceTempView("in_values");
        assertThat(LakeTables.in("v", List.of("a", "it's"))).isEqualTo("v IN ('a', 'it\\'s')");
        assertThat(lake.spark().sql("SELECT v FROM in_values WHERE " + LakeTables.in("v", List.of("it's", "b\\", "z"))).as(Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrder("it's", "b\\");
        assertThatThrownBy(() -> LakeTables.in("v", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No values for an IN list on v");
    }
}
