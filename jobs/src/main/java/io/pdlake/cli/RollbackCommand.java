package io.pdlake.cli;

import io.pdlake.maintenance.Rollback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Put a table back to an earlier snapshot (Iceberg rollback_to_snapshot), audited. Without --to, list the",
                "snapshots it can go back to. After rolling back raw tables, the next consolidation rebuilds the base tables",
                "from what raw then holds; batches whose rows were rolled out are re-ingested only if meta.feed_batches is",
                "rolled back to match."})
final class RollbackCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Option(names = "--table", required = true, description = "The table, such as base.person.")
    String table;

    @Option(names = "--to", description = "The snapshot id to return to.")
    Long snapshot;

    @Option(names = "--reason", description = "Why; written to meta.audit_log (required with --to).")
    String reason;

    @Override
    public Integer call()
    {
        Rollback rollback = new Rollback(root.spark("pdlake-rollback"), root.config().catalogName());
        try {
            if (snapshot == null) {
                List<List<String>> rows = new ArrayList<>();
                for (Rollback.SnapshotEntry entry : rollback.history(table)) {
                    rows.add(List.of(Long.toString(entry.snapshotId()), LocalDateTime.ofInstant(entry.committedAt(), io.pdlake.calendar.WorkingCalendar.ZONE).toString(),
                            entry.operation(), entry.totalRecords() < 0 ? "" : Long.toString(entry.totalRecords()), entry.current() ? "current" : ""));
                }
                TablePrinter.printTable(System.out, List.of("snapshot_id", "committed_at", "operation", "total_records", "state"), rows);
                return 0;
            }
            if (reason == null || reason.isBlank()) {
                throw new UserException("--reason is required with --to: a rollback is written to the audit log", 2);
            }
            Rollback.Outcome outcome = rollback.rollBack(table, snapshot, root.actor(), reason, Instant.now());
            System.out.printf("rollback: %s from snapshot %s to %s%n", outcome.table(), outcome.from(), outcome.to());
            return 0;
        }
        catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), 2);
        }
    }
}
