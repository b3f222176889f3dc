package io.pdlake.cli;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.serve.AccessRules;
import io.pdlake.serve.CatalogBootstrap;
import io.pdlake.serve.ShareGrants;
import io.pdlake.serve.TrinoConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "trino", mixinStandardHelpOptions = true,
        description = {"Configure Trino for this lake and generate its access rules. bin/trino start|stop|status runs the server."},
        subcommands = {TrinoCommand.Configure.class, TrinoCommand.Rules.class, TrinoCommand.Grant.class, TrinoCommand.Revoke.class})
final class TrinoCommand
        implements Runnable
{
    @ParentCommand
    Pdlake root;

    @Override
    public void run()
    {
        new picocli.CommandLine(this).usage(System.out);
    }

    static void writeRules(Pdlake root, Path etc)
    {
        ResourceCatalog catalog = CatalogCommand.validated(root.config().schemasDirectory());
        ShareGrants grants = new ShareGrants(root.spark("pdlake-trino-rules"));
        String admin = root.config().value("pdlake.trino.admin-user").orElse("admin");
        String json = new AccessRules(catalog, root.config().catalogName(), admin).json(grants.all(), Instant.now());
        try {
            Files.createDirectories(etc);
            Path temporary = etc.resolve("rules.json.tmp");
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            // Trino re-reads the file on its own: replace it whole, never half-written
            Files.move(temporary, etc.resolve("rules.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Trino rules under " + etc, e);
        }
    }

    @Command(name = "configure", mixinStandardHelpOptions = true,
            description = "Write Trino's etc/ for this profile's catalog and warehouse, create the catalog tables, and generate the rules.")
    static final class Configure
            implements Callable<Integer>
    {
        @ParentCommand
        TrinoCommand parent;

        @Option(names = "--etc", required = true, description = "Trino etc directory to write.")
        Path etc;

        @Option(names = "--data", required = true, description = "Trino data directory.")
        Path data;

        @Option(names = "--port", defaultValue = "8080", description = "HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call()
        {
            CatalogBootstrap.ensure(parent.root.config());
            new TrinoConfiguration(parent.root.config()).write(etc, data, port);
            writeRules(parent.root, etc);
            System.out.printf("trino configured in %s for catalog %s%n", etc, parent.root.config().catalogUri());
            return 0;
        }
    }

    @Command(name = "rules", mixinStandardHelpOptions = true,
            description = "Regenerate rules.json from the catalog and the active grants; a running Trino picks it up within seconds.")
    static final class Rules
            implements Callable<Integer>
    {
        @ParentCommand
        TrinoCommand parent;

        @Option(names = "--etc", defaultValue = "target/trino/etc", description = "Trino etc directory (default: ${DEFAULT-VALUE}).")
        Path etc;

        @Override
        public Integer call()
        {
            Path directory = parent.root.config().home().resolve(etc);
            writeRules(parent.root, directory);
            System.out.printf("trino rules written: %s%n", directory.resolve("rules.json"));
            return 0;
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant a department read access to a conditional-share entry, with purpose and expiry.")
    static final class Grant
            implements Callable<Integer>
    {
        @ParentCommand
        TrinoCommand parent;

        @Option(names = "--department", required = true)
        String department;

        @Option(names = "--resource", required = true, description = "Catalog code, e.g. XT-GA-0001.")
        String resource;

        @Option(names = "--purpose", required = true)
        String purpose;

        @Option(names = "--expires", required = true, description = "Last day of the grant, yyyy-MM-dd.")
        LocalDate expires;

        @Override
        public Integer call()
        {
            ResourceCatalog catalog = CatalogCommand.validated(parent.root.config().schemasDirectory());
            if (catalog.entry(resource).isEmpty()) {
                throw new UserException("unknown catalog entry " + resource, 2);
            }
            if (!catalog.departmentsByCode().containsKey(department)) {
                throw new UserException("unknown department " + department, 2);
            }
            String id = new ShareGrants(parent.root.spark("pdlake-trino-grant")).grant(department, resource, purpose, Instant.now(),
                    expires.plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant(), System.getProperty("user.name", "unknown"));
            System.out.printf("granted %s to %s until %s (grant %s); run 'pdlake trino rules' to apply%n", resource, department, expires, id);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a department's grants to an entry (Art. 33).")
    static final class Revoke
            implements Callable<Integer>
    {
        @ParentCommand
        TrinoCommand parent;

        @Option(names = "--department", required = true)
        String department;

        @Option(names = "--resource", required = true)
        String resource;

        @Override
        public Integer call()
        {
            new ShareGrants(parent.root.spark("pdlake-trino-revoke")).revoke(department, resource, Instant.now());
            System.out.printf("revoked %s from %s; run 'pdlake trino rules' to apply%n", resource, department);
            return 0;
        }
    }
}
