package io.pdlake.thematic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A thematic table's key, declared in its SQL file by a line such as
 * {@code -- key: uscc (base.legal_entity.uscc, base.license.holder_key)}: every row of the table
 * has its own {@code uscc}, and is computed only from the rows of each source table whose named
 * column holds that value. Then a change to a few source rows changes only the rows of the keys
 * those source rows hold, before and after the change; a rebuild MERGEs just those.
 *
 * @param column the thematic table's key column
 * @param sources per source table the SQL reads, the column that holds the key
 */
public record ThemeKey(String column, Map<String, String> sources)
{
    private static final Pattern LINE = Pattern.compile("(?m)^--\\s*key:\\s*([a-z][a-z0-9_]*)\\s*\\((.*)\\)\\s*$");
    private static final Pattern SOURCE = Pattern.compile("((?:base|raw)\\.[a-z][a-z0-9_]*)\\.([a-z][a-z0-9_]*)");

    public ThemeKey
    {
        requireNonNull(column, "column is null");
        sources = Map.copyOf(requireNonNull(sources, "sources is null"));
    }

    /**
     * The key a thematic SQL file declares, if any. {@code read} are the tables its SQL reads: a key
     * must say how each of them holds it, or a change there could go unseen.
     */
    static Optional<ThemeKey> parse(String sql, Set<String> read, String file)
    {
        requireNonNull(sql, "sql is null");
        requireNonNull(read, "read is null");
        Matcher line = LINE.matcher(sql);
        if (!line.find()) {
            if (sql.lines().anyMatch(text -> text.strip().startsWith("-- key:"))) {
                throw new IllegalArgumentException(format("Thematic file %s: write the key as '-- key: column (base.table.column, ...)'", file));
            }
            return Optional.empty();
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (String part : line.group(2).split(",")) {
            Matcher source = SOURCE.matcher(part.strip());
            if (!source.matches()) {
                throw new IllegalArgumentException(format("Thematic file %s: key source '%s' is not base.table.column or raw.table.column", file, part.strip()));
            }
            if (sources.put(source.group(1), source.group(2)) != null) {
                throw new IllegalArgumentException(format("Thematic file %s: key source %s is named twice", file, source.group(1)));
            }
        }
        for (String table : read) {
            if (!sources.containsKey(table)) {
                throw new IllegalArgumentException(format("Thematic file %s: the key does not say which column of %s holds %s", file, table, line.group(1)));
            }
        }
        for (String table : sources.keySet()) {
            if (!read.contains(table)) {
                throw new IllegalArgumentException(format("Thematic file %s: key source %s is not read by the SQL", file, table));
            }
        }
        return Optional.of(new ThemeKey(line.group(1), sources));
    }
}
