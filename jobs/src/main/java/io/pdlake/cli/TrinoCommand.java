package io.pdlake.cli;

import io.pdlake.calendar.WorkingCalendar;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.serve.AccessRules;
import io.pdlake.serve.CatalogBootstrap;
import io.pdlake.serve.ShareGrants;
import io.pdlake.serve.TrinoConfiguration;
import io.pdlake.audit.AuditAction;
import io.pdlake.audit.AuditEvent;
import io.pdlake.audit.AuditLog;
import io.pdlake.share.EmergencyOverrides;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
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
        SparkSession spark = root.spark("pdlake-trino-rules");
        String admin = root.config().value("pdlake.trino.admin-user").orElse("admin");
        new AccessRules(catalog, root.config().catalogName(), admin).write(etc, new ShareGrants(spark).all(), new EmergencyOverrides(spark).all(), Instant.now());
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

        // PDLAKE_TRINO_DIR is where bin/trino writes the etc/ Trino reads; the rules must land there too
        @Option(names = "--etc", defaultValue = "${env:PDLAKE_TRINO_DIR:-target/trino}/etc",
                description = "Trino etc directory (default: ${DEFAULT-VALUE}; PDLAKE_TRINO_DIR/etc, where bin/trino points Trino).")
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
            Instant now = Instant.now();
            SparkSession spark = parent.root.spark("pdlake-trino-grant");
            String id = new ShareGrants(spark).grant(department, resource, purpose, now, expires.plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant(),
                    parent.root.actor());
            new AuditLog(spark).record(new AuditEvent(now, parent.root.actor(), AuditAction.GRANT, Optional.of(resource), Optional.of(department), id,
                    "direct grant until " + expires + " (pdlake trino grant)", Optional.of(purpose)));
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

        @Option(names = "--reason", description = "Why access ends (Art. 33).")
        String reason;

        @Override
        public Integer call()
        {
            Instant now = Instant.now();
            SparkSession spark = parent.root.spark("pdlake-trino-revoke");
            new ShareGrants(spark).revoke(department, resource, now);
            new AuditLog(spark).record(new AuditEvent(now, parent.root.actor(), AuditAction.REVOKE, Optional.of(resource), Optional.of(department),
                    department + "/" + resource, "every active grant revoked (pdlake trino revoke)", Optional.ofNullable(reason)));
            System.out.printf("revoked %s from %s; run 'pdlake trino rules' to apply%n", resource, department);
            return 0;
        }
    }
}
