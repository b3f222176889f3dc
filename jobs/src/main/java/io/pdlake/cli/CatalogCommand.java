package io.pdlake.cli;

import io.pdlake.catalog.CatalogPublisher;
import io.pdlake.catalog.CatalogReader;
import io.pdlake.catalog.ResourceCatalog;
import io.pdlake.catalog.ValidationProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import static java.lang.String.format;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Validate the resource catalog under schemas/ or publish it to meta.resource_catalog.",
        subcommands = {CatalogCommand.Validate.class, CatalogCommand.Load.class})
final class CatalogCommand
        implements Runnable
{
    @ParentCommand
    Pdlake root;

    @Override
    public void run()
    {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Reads and validates; throws a user error listing every problem. */
    static ResourceCatalog validated(Path schemas)
    {
        CatalogReader.Result result = new CatalogReader().read(schemas);
        if (!result.problems().isEmpty()) {
            StringBuilder message = new StringBuilder(format("catalog has %s problem(s)", result.problems().size()));
            for (ValidationProblem problem : result.problems()) {
                message.append(System.lineSeparator()).append("  ").append(problem);
            }
            throw new UserException(message.toString(), 2);
        }
        return result.catalog();
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check every catalog file and report every problem with file and field; exit 2 on any.")
    static final class Validate
            implements Callable<Integer>
    {
        @ParentCommand
        CatalogCommand parent;

        @Override
        public Integer call()
        {
            Path schemas = parent.root.config().schemasDirectory();
            // problems leave as a UserException, so the one-line cause comes before the list, as for every command
            ResourceCatalog catalog = validated(schemas);
            System.out.printf("catalog valid: %s entries from %s departments in %s%n", catalog.entries().size(), catalog.departments().size(), schemas);
            return 0;
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Publish the validated catalog to meta.resource_catalog, meta.catalog_fields and meta.departments, versioning changes.")
    static final class Load
            implements Callable<Integer>
    {
        @ParentCommand
        CatalogCommand parent;

        @Override
        public Integer call()
        {
            ResourceCatalog catalog = validated(parent.root.config().schemasDirectory());
            CatalogPublisher.Published published = new CatalogPublisher(parent.root.spark("pdlake-catalog-load")).publish(catalog, Instant.now());
            System.out.printf("catalog loaded: %s added, %s changed, %s withdrawn, %s unchanged%n",
                    published.added(), published.changed(), published.withdrawn(), published.unchanged());
            return 0;
        }
    }
}
