package io.pdlake.lake;

import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;

class TestRowChanges
{
    @TempDir
    static Path directory;

    @Test
    void readsTheValuesOfInsertedUpdatedAndDeletedRowsFromRowLevelCommits()
    {
        SparkSession spark = lake();
        spark.sql(format("""
                CREATE TABLE base.row_changes (id STRING, holder STRING, amount INT) USING iceberg
                TBLPROPERTIES (%s, 'write.merge.mode'='merge-on-read', 'write.update.mode'='merge-on-read', 'write.delete.mode'='merge-on-read')""",
                LakeTables.TABLE_PROPERTIES_SQL));
        spark.sql("INSERT INTO base.row_changes VALUES ('1', 'a', 10), ('2', 'b', 20), ('3', 'c', 30), ('4', 'd', 40)");
        long first = snapshot(spark);
        assertThat(changed(spark, first, first)).contains(List.of());

        // a licence moves from holder b to holder e; another is new; holder d's is withdrawn
        spark.sql("""
                MERGE INTO base.row_changes t USING (SELECT '2' AS id, 'e' AS holder, 20 AS amount UNION ALL SELECT '5', 'f', 50) s ON t.id = s.id
                WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *""");
        spark.sql("DELETE FROM base.row_changes WHERE id = '4'");
        long second = snapshot(spark);
        assertThat(changed(spark, first, second)).contains(List.of("b", "d", "e", "f"));

        // from the middle: only what came after counts; a later update of an updated row finds its newest old value
        spark.sql("UPDATE base.row_changes SET holder = 'g' WHERE id = '2'");
        long third = snapshot(spark);
        assertThat(changed(spark, second, third)).contains(List.of("e", "g"));
        assertThat(changed(spark, first, third)).contains(List.of("b", "d", "f", "g"));
    }

    @Test
    void hasNoAnswerWhenACommitRewroteFilesOrTheRangeIsNotHistory()
    {
        SparkSession spark = lake();
        spark.sql(format("CREATE TABLE base.row_rewrites (id STRING, holder STRING) USING iceberg TBLPROPERTIES (%s, 'write.update.mode'='copy-on-write')",
                LakeTables.TABLE_PROPERTIES_SQL));
        spark.sql("INSERT INTO base.row_rewrites VALUES ('1', 'a'), ('2', 'b')");
        long first = snapshotOf(spark, "base.row_rewrites");
        spark.sql("INSERT INTO base.row_rewrites VALUES ('3', 'c')");
        long second = snapshotOf(spark, "base.row_rewrites");
        assertThat(RowChanges.changedValues(spark, "lake", "base.row_rewrites", "holder", first, second).map(TestRowChanges::values)).contains(List.of("c"));
        // copy-on-write replaces the file that held the row: which rows changed is not in the metadata
        spark.sql("UPDATE base.row_rewrites SET holder = 'z' WHERE id = '1'");
        long third = snapshotOf(spark, "base.row_rewrites");
        assertThat(RowChanges.changedValues(spark, "lake", "base.row_rewrites", "holder", second, third)).isEmpty();
        // backwards is no range of commits
        assertThat(RowChanges.changedValues(spark, "lake", "base.row_rewrites", "holder", second, first)).isEmpty();
    }

    @Test
    void reportsRowsWithoutAValueAndRefusesAColumnThatIsNotTheSameField()
    {
        SparkSession spark = lake();
        spark.sql(format("CREATE TABLE base.row_fields (id STRING, holder STRING) USING iceberg TBLPROPERTIES (%s, 'write.update.mode'='merge-on-read')",
                LakeTables.TABLE_PROPERTIES_SQL));
        spark.sql("INSERT INTO base.row_fields VALUES ('1', 'a')");
        long first = snapshotOf(spark, "base.row_fields");
        spark.sql("INSERT INTO base.row_fields VALUES ('2', NULL)");
        long second = snapshotOf(spark, "base.row_fields");
        assertThat(RowChanges.changedValues(spark, "lake", "base.row_fields", "holder", first, second).orElseThrow().collectAsList())
                .extracting(row -> row.get(0)).containsExactly((Object) null);
        // renamed: the name at one end is not the field at the other
        spark.sql("ALTER TABLE base.row_fields RENAME COLUMN holder TO owner");
        spark.sql("INSERT INTO base.row_fields VALUES ('3', 'c')");
        long third = snapshotOf(spark, "base.row_fields");
        assertThat(RowChanges.changedValues(spark, "lake", "base.row_fields", "owner", second, third)).isEmpty();
        // dropped and added again under the same name: another field
        spark.sql("ALTER TABLE base.row_fields DROP COLUMN owner");
        spark.sql("ALTER TABLE base.row_fields ADD COLUMN owner STRING");
        spark.sql("INSERT INTO base.row_fields VALUES ('4', 'd')");
        long fourth = snapshotOf(spark, "base.row_fields");
        assertThat(RowChanges.changedValues(spark, "lake", "base.row_fields", "owner", third, fourth)).isEmpty();
    }

    private static SparkSession lake()
    {
        SparkSession spark = TestingLake.create(directory).spark();
        LakeTables.ensureSystemTables(spark);
        return spark;
    }

    private static Optional<List<String>> changed(SparkSession spark, long since, long current)
    {
        return RowChanges.changedValues(spark, "lake", "base.row_changes", "holder", since, current).map(TestRowChanges::values);
    }

    private static long snapshot(SparkSession spark)
    {
        return snapshotOf(spark, "base.row_changes");
    }

    private static long snapshotOf(SparkSession spark, String table)
    {
        return LakeTables.icebergTable(spark, "lake", table).currentSnapshot().snapshotId();
    }

    private static List<String> values(Dataset<Row> values)
    {
        return values.collectAsList().stream().map(row -> row.getString(0)).sorted().toList();
    }
}
