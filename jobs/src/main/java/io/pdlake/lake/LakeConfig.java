package io.pdlake.lake;

import io.pdlake.identity.LookupKeys;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The settings of one deployment: a profile file from conf/, then environment variables, then
 * {@code --conf} overrides, in rising precedence. Keys starting with {@code spark.} pass to Spark.
 */
public final class LakeConfig
{
    public static final String SPARK_MASTER = "pdlake.spark.master";
    public static final String CATALOG_NAME = "pdlake.catalog.name";
    public static final String CATALOG_URI = "pdlake.catalog.uri";
    public static final String CATALOG_USER = "pdlake.catalog.user";
    public static final String CATALOG_PASSWORD_FILE = "pdlake.catalog.password-file";
    public static final String WAREHOUSE = "pdlake.warehouse";
    public static final String LANDING_DIR = "pdlake.landing.dir";
    public static final String SCHEMAS_DIR = "pdlake.schemas.dir";
    public static final String STORAGE_ALLOWED = "pdlake.storage.allowed";
    public static final String OPEN_LOCATION = "pdlake.open.location";
    public static final String LOOKUP_SECRET_FILE = "pdlake.lookup.secret-file";
    private static final String PASSWORD_ENVIRONMENT = "PDLAKE_CATALOG_PASSWORD";
    private static final String LOOKUP_SECRET_ENVIRONMENT = "PDLAKE_LOOKUP_SECRET";

    private final Path home;
    private final Map<String, String> properties;
    private final Map<String, String> environment;

    private LakeConfig(Path home, Map<String, String> properties, Map<String, String> environment)
    {
        this.home = requireNonNull(home, "home is null").toAbsolutePath().normalize();
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
        this.environment = Map.copyOf(environment);
    }

    /** Loads {@code conf/<profile>.properties} under {@code home}, then the environment, then {@code overrides}. */
    public static LakeConfig load(Path home, String profile, Map<String, String> overrides, Map<String, String> environment)
    {
        requireNonNull(home, "home is null");
        requireNonNull(profile, "profile is null");
        Path file = home.resolve("conf").resolve(profile + ".properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(format("Cannot find profile %s: no file %s", profile, file));
        }
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read profile " + file, e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        loaded.stringPropertyNames().forEach(key -> properties.put(key, loaded.getProperty(key).strip()));
        for (String key : List.copyOf(properties.keySet())) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                properties.put(key, value);
            }
        }
        overrides.forEach((key, value) -> {
            if (!key.startsWith("pdlake.") && !key.startsWith("spark.")) {
                throw new IllegalArgumentException(format("Cannot set %s: settings start with pdlake. or spark.", key));
            }
            properties.put(key, value);
        });
        return new LakeConfig(home, properties, environment);
    }

    public static LakeConfig of(Path home, Map<String, String> properties)
    {
        return new LakeConfig(home, properties, Map.of());
    }

    /** PDLAKE_CATALOG_URI for pdlake.catalog.uri. */
    public static String environmentName(String key)
    {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Path home()
    {
        return home;
    }

    public Map<String, String> properties()
    {
        return properties;
    }

    public Optional<String> value(String key)
    {
        String value = properties.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public String required(String key)
    {
        return value(key).orElseThrow(() -> new IllegalArgumentException(format("Setting %s is missing (set it in conf/, with --conf or %s)", key, environmentName(key))));
    }

    public Optional<String> sparkMaster()
    {
        return value(SPARK_MASTER);
    }

    public String catalogName()
    {
        return value(CATALOG_NAME).orElse("lake");
    }

    /** The JDBC URI, a relative SQLite file resolved against home. */
    public String catalogUri()
    {
        String uri = required(CATALOG_URI);
        String sqlitePrefix = "jdbc:sqlite:";
        if (uri.startsWith(sqlitePrefix) && !uri.startsWith(sqlitePrefix + "/") && !uri.startsWith(sqlitePrefix + "file:")) {
            return sqlitePrefix + home.resolve(uri.substring(sqlitePrefix.length())).normalize();
        }
        return uri;
    }

    public Optional<String> catalogUser()
    {
        return value(CATALOG_USER);
    }

    /** The catalog password, from the environment or a file; never from the profile, so it is never printed with it. */
    public Optional<String> catalogPassword()
    {
        String fromEnvironment = environment.get(PASSWORD_ENVIRONMENT);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Optional.of(fromEnvironment);
        }
        return value(CATALOG_PASSWORD_FILE).map(file -> {
            try {
                return Files.readString(home.resolve(file)).strip();
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot read the catalog password file named by " + CATALOG_PASSWORD_FILE, e);
            }
        });
    }

    /**
     * The keys analysts look masked identifiers up by, under the lake's secret: from the
     * environment, else from the file named by pdlake.lookup.secret-file, which is created with 32
     * random bytes when missing (owner-only where the file system allows). Like the password, the
     * secret is never in a profile.
     */
    public LookupKeys lookupKeys()
    {
        String fromEnvironment = environment.get(LOOKUP_SECRET_ENVIRONMENT);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return new LookupKeys(fromEnvironment.getBytes(StandardCharsets.UTF_8));
        }
        Path file = home.resolve(required(LOOKUP_SECRET_FILE)).normalize();
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".lookup", ".tmp");
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                }
                catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the directory's permissions protect it
                }
                Files.writeString(temporary, HexFormat.of().formatHex(random));
                try {
                    // a link never replaces: when two jobs start at once, the first secret in place wins
                    Files.createLink(file, temporary);
                }
                catch (FileAlreadyExistsException ignored) {
                    // another job's secret is in place; use that one
                }
                finally {
                    Files.deleteIfExists(temporary);
                }
            }
            return new LookupKeys(Files.readString(file).strip().getBytes(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(format("Cannot read or create the lookup secret %s named by %s (or set %s)", file, LOOKUP_SECRET_FILE, LOOKUP_SECRET_ENVIRONMENT), e);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(format("The lookup secret in %s is too short: %s", file, e.getMessage()), e);
        }
    }

    /** How many pieces (entries, bases, themes) a job works on at once: {@code pdlake.<job>.parallelism}, 1 when unset. */
    public int parallelism(String job)
    {
        return Integer.parseInt(value("pdlake." + job + ".parallelism").orElse("1"));
    }

    public boolean catalogIsSqlite()
    {
        return catalogUri().startsWith("jdbc:sqlite:");
    }

    /** The warehouse location as a URI; a plain path becomes file:/absolute/path. Refused off approved storage. */
    public String warehouse()
    {
        return approvedLocation(WAREHOUSE, required(WAREHOUSE));
    }

    public String landingDirectory()
    {
        return approvedLocation(LANDING_DIR, required(LANDING_DIR));
    }

    /** Where open datasets are written (Art. 27-30). Refused off approved storage. */
    public String openLocation()
    {
        return approvedLocation(OPEN_LOCATION, value(OPEN_LOCATION).orElse("out/open"));
    }

    /**
     * {@code value} as a location URI, provided it lies under one of the roots in
     * {@value #STORAGE_ALLOWED}: public data stays on approved storage (Art. 8). {@code setting}
     * names what the location is for, in the error.
     */
    public String approvedLocation(String setting, String value)
    {
        String location = location(value);
        List<String> roots = Arrays.stream(value(STORAGE_ALLOWED).orElse("").split(","))
                .map(String::strip)
                .filter(root -> !root.isEmpty())
                .map(this::location)
                .toList();
        for (String root : roots) {
            if (location.equals(root) || location.startsWith(root + "/")) {
                return location;
            }
        }
        throw new StorageNotApprovedException(format("%s %s is not on approved storage (%s: %s); public data stays on approved storage (Art. 8)",
                setting, location, STORAGE_ALLOWED, roots.isEmpty() ? "none" : String.join(", ", roots)));
    }

    public Path schemasDirectory()
    {
        return home.resolve(value(SCHEMAS_DIR).orElse("schemas")).normalize();
    }

    /** Spark settings: every key starting with spark. */
    public Map<String, String> sparkProperties()
    {
        Map<String, String> spark = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("spark.") && !value.isBlank()) {
                spark.put(key, value);
            }
        });
        return spark;
    }

    /**
     * A location as a URI string: schemes kept, plain paths made absolute against home, and ".."
     * resolved, so that a location cannot climb out of an approved root by its spelling.
     */
    public String location(String value)
    {
        if (value.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            URI uri = URI.create(value).normalize();
            if ("file".equals(uri.getScheme())) {
                uri = Path.of(uri).normalize().toUri();
            }
            String text = uri.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }
        URI uri = home.resolve(value).normalize().toUri();
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    public LakeConfig with(String key, String value)
    {
        Map<String, String> copy = new LinkedHashMap<>(properties);
        copy.put(key, value);
        return new LakeConfig(home, copy, environment);
    }
}
