package io.pdlake.lake;

import io.pdlake.testing.TestingLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
}
