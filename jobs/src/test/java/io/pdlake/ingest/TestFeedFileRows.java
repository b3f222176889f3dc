package io.pdlake.ingest;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestFeedFileRows
{
    @Test
    void configurationKeepsHadoopsDefaultsUnderTheSettingsAndIsBuiltOncePerSettings()
    {
        Map<String, String> settings = new HashMap<>(Map.of("fs.file.impl", "io.pdlake.lake.PosixLocalFileSystem", "pdlake.test.setting", "one"));
        Configuration configuration = FeedFileRows.configuration(settings);
        assertThat(configuration.get("pdlake.test.setting")).isEqualTo("one");
        assertThat(configuration.get("fs.file.impl")).isEqualTo("io.pdlake.lake.PosixLocalFileSystem");
        // a default from core-default.xml, which the settings do not carry
        assertThat(configuration.get("fs.permissions.umask-mode")).isEqualTo("022");
        assertThat(FeedFileRows.configuration(Map.copyOf(settings))).isSameAs(configuration);

        settings.put("pdlake.test.setting", "two");
        Configuration other = FeedFileRows.configuration(settings);
        assertThat(other).isNotSameAs(configuration);
        assertThat(other.get("pdlake.test.setting")).isEqualTo("two");
        assertThat(configuration.get("pdlake.test.setting")).isEqualTo("one");
    }
}
