package io.pdlake.maintenance;

import io.pdlake.audit.AuditAction;
import io.pdlake.audit.AuditEvent;
import io.pdlake.audit.AuditLog;
import io.pdlake.catalog.CatalogReader;
import io.pdlake.lake.LakeTables;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Puts a lake table back to one of its earlier snapshots (Iceberg's rollback_to_snapshot): the
 * recovery step after a bad load. Only ancestors of the current snapshot qualify, so the history
 * stays one line; every rollback is written to the audit log.
 */
public final class Rollback
{
    private static final Pattern TABLE = Pattern.compile("(raw|base|theme|quality|meta)\\." + CatalogReader.SQL_IDENTIFIER.pattern());

    private final SparkSession spark;
    private final String catalogName;

    /** One snapshot of a table's history, newest first in {@link #history}. */
    public record SnapshotEntry(long snapshotId, Instant committedAt, String operation, boolean current, long totalRecords)
    {
        public SnapshotEntry
        {
            requireNonNull(committedAt, "committedAt is null");
            requireNonNull(operation, "operation is null");
        }
    }

    public record Outcome(String table, long from, long to)
    {
        public Outcome
        {
            requireNonNull(table, "table is null");
        }
    }

    public Rollback(SparkSession spark, String catalogName)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
    }

    /** The table's current line of snapshots, newest first: the ones a rollback can return to. */
    public List<SnapshotEntry> history(String table)
    {
        Table iceberg = load(table);
        List<SnapshotEntry> entries = new ArrayList<>();
        Snapshot current = iceberg.currentSnapshot();
        if (current == null) {
            return entries;
        }
        for (Snapshot snapshot : SnapshotUtil.currentAncestors(iceberg)) {
            String records = snapshot.summary() == null ? null : snapshot.summary().get("total-records");
            entries.add(new SnapshotEntry(snapshot.snapshotId(), Instant.ofEpochMilli(snapshot.timestampMillis()), Optional.ofNullable(snapshot.operation()).orElse("?"),
                    snapshot.snapshotId() == current.snapshotId(), records == null ? -1 : Long.parseLong(records)));
        }
        return entries;
    }

    public Outcome rollBack(String table, long snapshotId, String actor, String reason, Instant at)
    {
        requireNonNull(actor, "actor is null");
        requireNonNull(reason, "reason is null");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("A rollback needs a reason: it is written to the audit log");
        }
        Table iceberg = load(table);
        Snapshot current = iceberg.currentSnapshot();
        if (current == null) {
            throw new IllegalArgumentException(format("%s has no snapshots to roll back", table));
        }
        if (current.snapshotId() == snapshotId) {
            throw new IllegalArgumentException(format("%s is already at snapshot %s", table, snapshotId));
        }
        if (!SnapshotUtil.isAncestorOf(iceberg, current.snapshotId(), snapshotId)) {
            throw new IllegalArgumentException(format("snapshot %s is not in %s's current history; `pdlake rollback --table %s` lists the snapshots it can go back to",
                    snapshotId, table, table));
        }
        spark.sql(format("CALL %s.system.rollback_to_snapshot(%s, %s)", catalogName, LakeTables.literal(catalogName + "." + table), snapshotId)).collectAsList();
        new AuditLog(spark).record(new AuditEvent(at, actor, AuditAction.ROLLBACK, Optional.empty(), Optional.empty(), table,
                format("from snapshot %s to %s", current.snapshotId(), snapshotId), Optional.of(reason)));
        return new Outcome(table, current.snapshotId(), snapshotId);
    }

    private Table load(String table)
    {
        requireNonNull(table, "table is null");
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException(format("%s is not a lake table name (raw|base|theme|quality|meta).<table>", table));
        }
        if (!spark.catalog().tableExists(catalogName + "." + table)) {
            throw new IllegalArgumentException(format("no table %s in the lake", table));
        }
        return LakeTables.icebergTable(spark, catalogName, table);
    }
}
