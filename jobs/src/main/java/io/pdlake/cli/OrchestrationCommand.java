package io.pdlake.cli;

import io.pdlake.catalog.ValidationProblem;
import io.pdlake.orchestration.Orchestration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "orchestration", mixinStandardHelpOptions = true, description = "Check the job descriptors and pipelines under orchestration/.",
        subcommands = {OrchestrationCommand.Validate.class})
final class OrchestrationCommand
        implements Runnable
{
    @ParentCommand
    Pdlake root;

    @Override
    public void run()
    {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Orchestration read(Pdlake root)
    {
        return Orchestration.read(root.config().home().resolve("orchestration"));
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate every descriptor against orchestration/schema and against each other; report each problem with file and key; exit 2 on any.")
    static final class Validate
            implements Callable<Integer>
    {
        @ParentCommand
        OrchestrationCommand parent;

        @Override
        public Integer call()
        {
            Orchestration orchestration = read(parent.root);
            for (ValidationProblem problem : orchestration.problems()) {
                System.err.println(problem);
            }
            if (!orchestration.problems().isEmpty()) {
                System.err.printf("pdlake: error: orchestration has %s problem(s)%n", orchestration.problems().size());
                return 2;
            }
            System.out.printf("orchestration valid: %s jobs, %s pipelines (%s)%n", orchestration.jobs().size(), orchestration.pipelines().size(),
                    String.join(", ", orchestration.pipelines().keySet()));
            return 0;
        }
    }
}
