package io.pdlake.lake;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * What a table's row-level commits changed between two snapshots, read from Iceberg's metadata
 * instead of by comparing the two states: the rows in data files added since (inserted, or the new
 * version of an updated row) and the rows that position deletes added since removed (deleted, or the
 * old version). MERGE, UPDATE and DELETE on a merge-on-read table commit only such files. A commit
 * that removes data files (copy-on-write, an overwrite, compaction) or writes equality deletes
 * cannot be read this way: then there is no answer and the caller compares in full.
 */
public final class RowChanges
{
    /** Above this many added files the file list is no longer worth a filter. */
    private static final int FILES_LIMIT = 10_000;

    private RowChanges() {}

    /**
     * The distinct values of {@code column} (NULL among them where such a row held none) in the rows
     * {@code table} gained or lost after snapshot {@code since} up to {@code current}, as one column
     * {@code value}; empty when a commit in between is not a row-level one (see the class comment),
     * {@code since} is not an ancestor, or the column is not the same field in both snapshots.
     */
    public static Optional<Dataset<Row>> changedValues(SparkSession spark, String catalogName, String table, String column, long since, long current)
    {
        requireNonNull(spark, "spark is null");
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(table, "table is null");
        requireNonNull(column, "column is null");
        Table iceberg = LakeTables.icebergTable(spark, catalogName, table);
        if (since == current) {
            return Optional.of(none(spark));
        }
        if (!SnapshotUtil.isAncestorOf(iceberg, current, since)) {
            return Optional.empty();
        }
        // the same field at both ends: a column renamed, or dropped and added again, is another question
        Types.NestedField before = schemaOf(iceberg, since).findField(column);
        Types.NestedField after = schemaOf(iceberg, current).findField(column);
        if (before == null || after == null || before.fieldId() != after.fieldId()) {
            return Optional.empty();
        }
        List<String> addedData = new ArrayList<>();
        List<String> addedDeletes = new ArrayList<>();
        for (Snapshot snapshot : SnapshotUtil.ancestorsBetween(iceberg, current, since)) {
            // with the table's partition specs: reading them from each manifest is deprecated and logged
            SnapshotChanges changes = SnapshotChanges.builderFor(iceberg).snapshot(snapshot).build();
            // a rewrite moves rows to new positions: later deletes point at positions the old state never had
            if ("replace".equals(snapshot.operation()) || changes.removedDataFiles().iterator().hasNext()) {
                return Optional.empty();
            }
            for (DataFile file : changes.addedDataFiles()) {
                addedData.add(file.location());
            }
            for (DeleteFile file : changes.addedDeleteFiles()) {
                if (file.content() != FileContent.POSITION_DELETES) {
                    return Optional.empty();
                }
                addedDeletes.add(file.location());
            }
        }
        if (addedData.size() > FILES_LIMIT || addedDeletes.size() > FILES_LIMIT) {
            return Optional.empty();
        }
        String name = catalogName + "." + table;
        Dataset<Row> values = none(spark);
        if (!addedData.isEmpty()) {
            // rows of the added files still there now; those already deleted again were never seen by
            // anyone. Iceberg cannot prune files by _file, and an IN on it only earns a warning per
            // query that it cannot be pushed down: an expression Spark does not offer the scan
            Column added = array_contains(lit(addedData.toArray(String[]::new)), col("_file"));
            // read at current, as every read here: a commit landing meanwhile is the next range's
            Dataset<Row> now = spark.read().format("iceberg").option("versionAsOf", current).load(name);
            values = values.unionByName(now.filter(added).select(col(column).cast("string").as("value")));
        }
        if (!addedDeletes.isEmpty()) {
            // a position delete file may repeat positions deleted before, and only rows still there at
            // since are changes of this range (Iceberg keeps one live delete file per data
            // file; a later one in the range replaces an earlier, so at current the added ones hold them all)
            Dataset<Row> positions = spark.sql(format("SELECT file_path, pos, delete_file_path FROM %s.position_deletes VERSION AS OF %s", name, current))
                    .filter(col("delete_file_path").isin(addedDeletes.toArray()))
                    .select(col("file_path"), col("pos"));
            Dataset<Row> old = spark.read().format("iceberg").option("versionAsOf", since).load(name).select(col("_file"), col("_pos"), col(column));
            values = values.unionByName(old.join(positions, old.col("_file").equalTo(positions.col("file_path")).and(old.col("_pos").equalTo(positions.col("pos"))), "left_semi")
                    .select(col(column).cast("string").as("value")));
        }
        return Optional.of(values.distinct());
    }

    private static Schema schemaOf(Table table, long snapshotId)
    {
        Integer schemaId = table.snapshot(snapshotId).schemaId();
        return schemaId == null ? table.schema() : table.schemas().get(schemaId);
    }

    private static Dataset<Row> none(SparkSession spark)
    {
        return spark.emptyDataFrame().selectExpr("CAST(NULL AS STRING) AS value");
    }
}
