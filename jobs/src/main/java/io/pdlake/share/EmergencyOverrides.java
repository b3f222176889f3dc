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

/** The table meta.share_overrides: every emergency reclassification, active or lapsed. */
public final class EmergencyOverrides
{
    public static final String TABLE = "meta.share_overrides";

    private final SparkSession spark;

    public EmergencyOverrides(SparkSession spark)
    {
        this.spark = requireNonNull(spark, "spark is null");
    }

    public void ensureTable()
    {
        LakeTables.ensureSystemTables(spark);
        spark.sql(format("""
                CREATE TABLE IF NOT EXISTS %s (
                  override_id STRING, resource_code STRING, catalog_type STRING, share_type STRING COMMENT 'type while the override is active',
                  reason STRING, declared_by STRING, starts_at TIMESTAMP, ends_at TIMESTAMP, lifted_at TIMESTAMP, lifted_by STRING)
                USING iceberg COMMENT 'Emergency share-type overrides (Art. 23, item 7); each lapses at ends_at'
                TBLPROPERTIES (%s)""", TABLE, LakeTables.TABLE_PROPERTIES_SQL));
    }

    public void save(EmergencyOverride override)
    {
        ensureTable();
        Row row = RowFactory.create(override.overrideId(), override.resourceCode(), override.catalogType().label(), override.shareType().label(), override.reason(),
                override.declaredBy(), (override.startsAt()), (override.endsAt()),
                override.liftedAt().orElse(null), override.liftedBy().orElse(null));
        spark.createDataFrame(List.of(row), spark.table(TABLE).schema()).createOrReplaceTempView("pdlake_share_override");
        spark.sql(format("""
                MERGE INTO %s target USING pdlake_share_override source ON target.override_id = source.override_id
                WHEN MATCHED THEN UPDATE SET *
                WHEN NOT MATCHED THEN INSERT *""", TABLE));
    }

    /** Every override; a handful per emergency, small by nature. */
    public List<EmergencyOverride> all()
    {
        ensureTable();
        List<EmergencyOverride> overrides = new ArrayList<>();
        for (Row row : spark.table(TABLE).orderBy("starts_at", "override_id").collectAsList()) {
            overrides.add(new EmergencyOverride(row.getAs("override_id"), row.getAs("resource_code"),
                    ShareType.fromLabel(row.getAs("catalog_type")).orElseThrow(), ShareType.fromLabel(row.getAs("share_type")).orElseThrow(),
                    row.getAs("reason"), row.getAs("declared_by"), row.<Instant>getAs("starts_at"), row.<Instant>getAs("ends_at"),
                    Optional.ofNullable(row.<Instant>getAs("lifted_at")), Optional.ofNullable(row.getAs("lifted_by"))));
        }
        return overrides;
    }
}
