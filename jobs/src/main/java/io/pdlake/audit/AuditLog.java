package io.pdlake.audit;

import io.pdlake.lake.LakeTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The audit log meta.audit_log (Art. 34). The platform only ever appends to it; Trino's rules let
 * every role but the bureau admin append and read, never update or delete.
 */
public final class AuditLog
{
    public static final String TABLE = LakeTables.AUDIT_LOG;

    private final SparkSession spark;

    public AuditLog(SparkSession spark)
    {
        this.spark = requireNonNull(spark, "spark is null");
    }

    /** Appends the events in one commit. */
    public void record(List<AuditEvent> events)
    {
        requireNonNull(events, "events is null");
        if (events.isEmpty()) {
            return;
        }
        LakeTables.ensureSystemTables(spark);
        List<Row> rows = events.stream()
                .map(event -> RowFactory.create(UUID.randomUUID().toString(), (event.at()), event.actor(), event.action().label(),
                        event.resourceCode().orElse(null), event.department().orElse(null), event.subject(), event.detail(), event.reason().orElse(null)))
                .toList();
        LakeTables.append(spark.createDataFrame(rows, spark.table(TABLE).schema()), TABLE);
    }

    public void record(AuditEvent event)
    {
        record(List.of(event));
    }
}
