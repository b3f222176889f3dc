package io.pdlake.cli;

import io.pdlake.lake.LakeConfig;
import io.pdlake.maintenance.TableMaintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = {"Table maintenance: compact small data files, expire snapshots past retention and remove orphan files",
                "(leftovers of crashed writes), for every table of the lake or the ones named. Retention comes from conf:",
                "pdlake.maintenance.snapshot-retention-days, retain-last, orphan-age-hours, min-input-files, target-file-size-mb."})
final class MaintainCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--table", description = "A table such as base.person; repeatable (default: every table).")
    List<String> tables = new ArrayList<>();

    @Override
    public Integer call()
    {
        TableMaintenance maintenance = new TableMaintenance(root.spark("pdlake-maintain"), root.config().catalogName(), settings(root.config()), System.out::println);
        List<String> selected = tables.isEmpty() ? maintenance.tables() : tables;
        for (String table : selected) {
            if (!maintenance.tables().contains(table)) {
                throw new UserException("no table " + table + " in the lake", 2);
            }
        }
        Instant now = Instant.now();
        long compacted = 0;
        long expired = 0;
        long orphans = 0;
        for (String table : selected) {
            TableMaintenance.TableResult result = maintenance.maintain(table, now);
            compacted += result.rewrittenFiles();
            expired += result.expiredSnapshots();
            orphans += result.orphanFiles();
        }
        System.out.printf("maintain: %s tables, %,d files compacted, %,d snapshots expired, %,d orphan files removed%n", selected.size(), compacted, expired, orphans);
        return 0;
    }

    static TableMaintenance.Settings settings(LakeConfig config)
    {
        return new TableMaintenance.Settings(
                Duration.ofDays(Long.parseLong(config.value("pdlake.maintenance.snapshot-retention-days").orElse("7"))),
                Integer.parseInt(config.value("pdlake.maintenance.retain-last").orElse("10")),
                Duration.ofHours(Long.parseLong(config.value("pdlake.maintenance.orphan-age-hours").orElse("72"))),
                Integer.parseInt(config.value("pdlake.maintenance.min-input-files").orElse("5")),
                Long.parseLong(config.value("pdlake.maintenance.target-file-size-mb").orElse("128")) * 1024 * 1024);
    }
}
