package io.pdlake.testing;

import io.pdlake.consolidate.ConsolidateJob;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.lang.String.format;

/** What a lake holds, for comparing two lakes that should be equal: every table's rows as sorted JSON. */
public final class LakeContents
{
    /** Columns that hold when a run happened, which differs between any two runs. */
    private static final Set<String> RUN_TIME_COLUMNS = Set.of("_ingested_at", "ingested_at", "rejected_at", "recorded_at", "consolidated_at", "detected_at", "computed_at");

    private LakeContents() {}

    /** The raw, base, quality and meta tables, run-time columns and the watermarks' random snapshot ids left out. */
    public static Map<String, List<String>> of(SparkSession spark)
    {
        Map<String, List<String>> contents = new TreeMap<>();
        for (String namespace : List.of("raw", "base", "quality", "meta")) {
            for (String table : spark.sql("SHOW TABLES IN " + namespace).select("tableName").as(Encoders.STRING()).collectAsList()) {
                String name = namespace + "." + table;
                if (name.equals(ConsolidateJob.WATERMARKS)) {
                    // bookkeeping of random snapshot ids; what it steers is compared in the base tables
                    continue;
                }
                String[] columns = Arrays.stream(spark.table(name).schema().fields())
                        .map(StructField::name)
                        .filter(column -> !RUN_TIME_COLUMNS.contains(column))
                        .map(column -> "`" + column + "`")
                        .toArray(String[]::new);
                contents.put(name, spark.sql(format("SELECT to_json(struct(%s)) FROM %s", String.join(", ", columns), name))
                        .as(Encoders.STRING()).collectAsList().stream().sorted().toList());
            }
        }
        return contents;
    }
}
