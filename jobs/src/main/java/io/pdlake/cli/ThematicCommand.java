package io.pdlake.cli;

import io.pdlake.thematic.ThematicJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "thematic", mixinStandardHelpOptions = true,
        description = {"Build the thematic databases theme.<table> from schemas/thematic/<table>.sql (Art. 13, 19).",
                "A table is replaced atomically when a table it reads has a new snapshot; otherwise nothing is committed."})
final class ThematicCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Override
    public Integer call()
    {
        List<ThematicJob.Built> built = new ThematicJob(root.spark("pdlake-thematic"), root.config().catalogName(),
                root.config().schemasDirectory().resolve("thematic"), System.out::println)
                .withParallelism(root.config().parallelism("thematic"))
                .run();
        System.out.printf("thematic: %s tables, %s rebuilt%n", built.size(), built.stream().filter(ThematicJob.Built::rebuilt).count());
        return 0;
    }
}
