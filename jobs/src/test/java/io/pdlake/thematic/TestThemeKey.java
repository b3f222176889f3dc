package io.pdlake.thematic;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestThemeKey
{
    private static final String SQL = """
            -- theme: test
            -- key: uscc (base.legal_entity.uscc, base.license.holder_key)
            SELECT e.uscc, count(l.number) AS licences FROM base.legal_entity e LEFT JOIN base.license l ON l.holder_key = e.uscc GROUP BY e.uscc
            """;

    @Test
    void readsTheKeyAndTheColumnEachSourceHoldsItIn()
    {
        assertThat(ThemeKey.parse(SQL, Set.of("base.legal_entity", "base.license"), "t.sql"))
                .contains(new ThemeKey("uscc", Map.of("base.legal_entity", "uscc", "base.license", "holder_key")));
        assertThat(ThemeKey.parse("-- theme: none\nSELECT 1", Set.of(), "t.sql")).isEqualTo(Optional.empty());
    }

    @Test
    void refusesAKeyThatLeavesASourceOutOrNamesOneNotRead()
    {
        assertThatThrownBy(() -> ThemeKey.parse(SQL, Set.of("base.legal_entity", "base.license", "base.credit"), "t.sql"))
                .hasMessage("Thematic file t.sql: the key does not say which column of base.credit holds uscc");
        assertThatThrownBy(() -> ThemeKey.parse(SQL, Set.of("base.legal_entity"), "t.sql"))
                .hasMessage("Thematic file t.sql: key source base.license is not read by the SQL");
        assertThatThrownBy(() -> ThemeKey.parse("-- key: uscc base.legal_entity.uscc\nSELECT 1", Set.of(), "t.sql"))
                .hasMessage("Thematic file t.sql: write the key as '-- key: column (base.table.column, ...)'");
        assertThatThrownBy(() -> ThemeKey.parse("-- key: uscc (legal_entity.uscc)\nSELECT 1", Set.of(), "t.sql"))
                .hasMessage("Thematic file t.sql: key source 'legal_entity.uscc' is not base.table.column or raw.table.column");
        assertThatThrownBy(() -> ThemeKey.parse("-- key: uscc (base.a.uscc, base.a.holder)\nSELECT 1", Set.of("base.a"), "t.sql"))
                .hasMessage("Thematic file t.sql: key source base.a is named twice");
    }
}
