package io.pdlake.share;

import io.pdlake.catalog.ShareType;
import io.pdlake.lake.LakeTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

/** The table meta.share_requests: one row per request, replaced whole at each step. */
public final class ShareRequests
{
    public static final String TABLE = "meta.share_requests";

    private final SparkSession spark;

    public ShareRequests(SparkSession spark)
    {
        this.spark = requireNonNull(spark, "spark is null");
    }

    public void ensureTable()
    {
        LakeTables.ensureSystemTables(spark);
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  request_id STRING, department STRING COMMENT 'requesting department', resource_code STRING, provider STRING,
                  share_type STRING COMMENT 'effective share type when submitted', purpose STRING,
                  submitted_at TIMESTAMP, submitted_by STRING,
                  reviewed_at TIMESTAMP, reviewed_by STRING, review_approved BOOLEAN, review_reason STRING,
                  replied_at TIMESTAMP, replied_by STRING, reply_approved BOOLEAN, reply_reason STRING,
                  delivered_at TIMESTAMP, delivered_by STRING, grant_id STRING, expires_at TIMESTAMP,
                  revoked_at TIMESTAMP, revoked_by STRING, revoke_reason STRING)
                USING iceberg COMMENT 'Share requests (Art. 24-26) and each step taken on them'
                TBLPROPERTIES (%s)""", TABLE, LakeTables.TABLE_PROPERTIES_SQL));
    }

    /** Inserts or replaces the request's row in one commit. */
    public void save(ShareRequest request)
    {
        ensureTable();
        spark.createDataFrame(List.of(row(request)), spark.table(TABLE).schema()).createOrReplaceTempView("pdlake_share_request");
        spark.sql(format("""
                MERGE INTO %s target USING pdlake_share_request source ON target.request_id = source.request_id
                WHEN MATCHED THEN UPDATE SET *
                WHEN NOT MATCHED THEN INSERT *""", TABLE));
    }

    public Optional<ShareRequest> find(String requestId)
    {
        ensureTable();
        List<Row> rows = spark.table(TABLE).where(col("request_id").equalTo(requestId)).collectAsList();
        return rows.stream().findFirst().map(ShareRequests::request);
    }

    /** Every request; the administrative table holds one row per request, small by nature. */
    public List<ShareRequest> all()
    {
        ensureTable();
        List<ShareRequest> requests = new ArrayList<>();
        for (Row row : spark.table(TABLE).orderBy("submitted_at", "request_id").collectAsList()) {
            requests.add(request(row));
        }
        return requests;
    }

    private static Row row(ShareRequest request)
    {
        return RowFactory.create(request.requestId(), request.department(), request.resourceCode(), request.provider(), request.shareType().label(), request.purpose(),
                (request.submittedAt()), request.submittedBy(),
                request.review().map(Decision::at).orElse(null), request.review().map(Decision::by).orElse(null),
                request.review().map(Decision::approved).orElse(null), request.review().flatMap(Decision::reason).orElse(null),
                request.reply().map(Decision::at).orElse(null), request.reply().map(Decision::by).orElse(null),
                request.reply().map(Decision::approved).orElse(null), request.reply().flatMap(Decision::reason).orElse(null),
                request.deliveredAt().orElse(null), request.deliveredBy().orElse(null), request.grantId().orElse(null),
                request.expiresAt().orElse(null), request.revokedAt().orElse(null),
                request.revokedBy().orElse(null), request.revokeReason().orElse(null));
    }

    private static ShareRequest request(Row row)
    {
        return new ShareRequest(row.getAs("request_id"), row.getAs("department"), row.getAs("resource_code"), row.getAs("provider"),
                ShareType.fromLabel(row.getAs("share_type")).orElseThrow(), row.getAs("purpose"), instant(row, "submitted_at").orElseThrow(), row.getAs("submitted_by"),
                decision(row, "reviewed_at", "reviewed_by", "review_approved", "review_reason"),
                decision(row, "replied_at", "replied_by", "reply_approved", "reply_reason"),
                instant(row, "delivered_at"), text(row, "delivered_by"), text(row, "grant_id"), instant(row, "expires_at"),
                instant(row, "revoked_at"), text(row, "revoked_by"), text(row, "revoke_reason"));
    }

    private static Optional<Decision> decision(Row row, String at, String by, String approved, String reason)
    {
        return instant(row, at).map(time -> new Decision(time, row.getAs(by), row.<Boolean>getAs(approved), text(row, reason)));
    }

    private static Optional<Instant> instant(Row row, String column)
    {
        return Optional.ofNullable(row.<Instant>getAs(column));
    }

    private static Optional<String> text(Row row, String column)
    {
        return Optional.ofNullable(row.getAs(column));
    }
}
