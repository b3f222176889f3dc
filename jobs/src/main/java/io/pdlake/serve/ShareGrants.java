package io.pdlake.serve;

import io.pdlake.lake.LakeTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/** The grants table meta.share_grants: who may read which conditional-share entry, why and until when. */
public final class ShareGrants
{
    public static final String TABLE = "meta.share_grants";

    private final SparkSession spark;

    public ShareGrants(SparkSession spark)
    {
        this.spark = requireNonNull(spark, "spark is null");
    }

    public void ensureTable()
    {
        LakeTables.ensureSystemTables(spark);
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  grant_id STRING, department STRING COMMENT 'requesting department', resource_code STRING, purpose STRING,
                  granted_at TIMESTAMP, expires_at TIMESTAMP, revoked_at TIMESTAMP, granted_by STRING)
                USING iceberg COMMENT 'Grants to conditional-share entries (Art. 24-25); Trino rules are generated from it'
                TBLPROPERTIES (%s)""", TABLE, LakeTables.TABLE_PROPERTIES_SQL));
    }

    public String grant(String department, String resourceCode, String purpose, Instant grantedAt, Instant expiresAt, String grantedBy)
    {
        if (purpose.isBlank()) {
            throw new IllegalArgumentException("A grant needs a stated purpose (Art. 24)");
        }
        if (!expiresAt.isAfter(grantedAt)) {
            throw new IllegalArgumentException(format("A grant must expire after it is granted: %s is not after %s", expiresAt, grantedAt));
        }
        ensureTable();
        String id = UUID.randomUUID().toString();
        Row row = RowFactory.create(id, department, resourceCode, purpose, grantedAt, expiresAt, null, grantedBy);
        LakeTables.append(spark.createDataFrame(List.of(row), spark.table(TABLE).schema()), TABLE);
        return id;
    }

    public void revoke(String department, String resourceCode, Instant revokedAt)
    {
        ensureTable();
        spark.sql(format("UPDATE %s SET revoked_at = timestamp_millis(%s) WHERE department = %s AND resource_code = %s AND revoked_at IS NULL",
                TABLE, revokedAt.toEpochMilli(), LakeTables.literal(department), LakeTables.literal(resourceCode)));
    }

    public void revokeGrant(String grantId, Instant revokedAt)
    {
        ensureTable();
        spark.sql(format("UPDATE %s SET revoked_at = timestamp_millis(%s) WHERE grant_id = %s AND revoked_at IS NULL",
                TABLE, revokedAt.toEpochMilli(), LakeTables.literal(grantId)));
    }

    public List<ShareGrant> all()
    {
        ensureTable();
        List<ShareGrant> grants = new ArrayList<>();
        for (Row row : spark.table(TABLE).collectAsList()) {
            grants.add(new ShareGrant(row.getAs("department"), row.getAs("resource_code"), row.getAs("purpose"), row.getAs("granted_at"), row.getAs("expires_at"),
                    Optional.ofNullable(row.getAs("revoked_at"))));
        }
        return grants;
    }
}
