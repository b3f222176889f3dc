package io.pdlake.lake;

import io.pdlake.testing.TestingLake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;

class TestIntermediates
{
    @TempDir
    static Path directory;

    @Test
    void keepsTheRowsWithoutTheirPlanAndFreesThemOnClose()
    {
        SparkSession spark = TestingLake.create(directory).spark();
        Dataset<Row> source = spark.range(0, 1000).withColumn("key", col("id").mod(7)).groupBy("key").count();
        int before = spark.sparkContext().getPersistentRDDs().size();
        try (Intermediates intermediates = new Intermediates()) {
            Dataset<Row> kept = intermediates.keep(source);

            // the plan is a scan of the blocks computed by keep(), not the aggregation they came from
            assertThat(kept.queryExecution().logical()).isInstanceOf(LogicalRDD.class);
            assertThat(kept.orderBy("key").collectAsList()).isEqualTo(source.orderBy("key").collectAsList());
            assertThat(kept.filter(col("count").gt(142)).count()).isEqualTo(6);
            assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(before + 1);

            intermediates.close();
            assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(before);
        }
        assertThat(source.count()).isEqualTo(7);
    }

    @Test
    void keepsOnFirstUseComputingTheRowsOnce()
    {
        SparkSession spark = TestingLake.create(directory).spark();
        LongAccumulator computed = spark.sparkContext().longAccumulator("computed");
        UserDefinedFunction counting = udf((UDF1<Long, Long>) id -> {
            computed.add(1);
            return id * 2;
        }, DataTypes.LongType).asNondeterministic();
        Dataset<Row> source = spark.range(0, 100).withColumn("doubled", counting.apply(col("id")));
        int before = spark.sparkContext().getPersistentRDDs().size();
        try (Intermediates intermediates = new Intermediates()) {
            Dataset<Row> kept = intermediates.keepOnFirstUse(source);

            // nothing computed until an action reads them; then the blocks serve every later action
            assertThat(computed.value()).isZero();
            assertThat(kept.agg(sum("doubled")).first().getLong(0)).isEqualTo(9900);
            assertThat(computed.value()).isEqualTo(100);
            assertThat(kept.filter(col("doubled").gt(100)).count()).isEqualTo(49);
            assertThat(kept.count()).isEqualTo(100);
            assertThat(computed.value()).isEqualTo(100);
            assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(before + 1);

            intermediates.close();
            assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(before);
        }
    }

    @Test
    void keepsMeasuringInTheJobThatKeeps()
            throws Exception
    {
        SparkSession spark = TestingLake.create(directory).spark();
        Dataset<Row> source = spark.range(0, 1000).withColumn("key", col("id").mod(7));
        try (Intermediates intermediates = new Intermediates()) {
            Intermediates.Measured measured = intermediates.keepMeasuring(source, count(lit(1)).as("rows"), sum(col("key")).as("keys"));
            assertThat(measured.metrics().getLong(0)).isEqualTo(1000);
            assertThat(measured.metrics().getLong(1)).isEqualTo(142 * 21 + 15);
            assertThat(measured.rows().queryExecution().logical()).isInstanceOf(LogicalRDD.class);
            assertThat(measured.rows().filter(col("key").equalTo(6)).count()).isEqualTo(142);

            // what keepMeasuring counts on: the job keeping a plan delivers its observations
            Observation observation = new Observation("probe");
            intermediates.keep(source.observe(observation, count(lit(1))));
            assertThat(Await.result(observation.future(), Duration.apply(10, TimeUnit.SECONDS)).getLong(0)).isEqualTo(1000);
        }
    }
}
