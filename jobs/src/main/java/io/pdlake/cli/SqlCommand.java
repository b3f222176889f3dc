package io.pdlake.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run Spark SQL against the lake and print the result.",
                "Tables are named namespace.table in the lake catalog, e.g. raw.household_registration."})
final class SqlCommand
        implements Callable<Integer>
{
    @ParentCommand
    Pdlake root;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL statement.")
    String query;

    @Option(names = "--csv", description = "Print CSV instead of an aligned table.")
    boolean csv;

    @Option(names = "--limit", defaultValue = "1000", description = "Most rows to print (default: ${DEFAULT-VALUE}); 0 for all.")
    int limit;

    @Override
    public Integer call()
    {
        Dataset<Row> answer = root.spark("pdlake-sql").sql(query);
        List<String> header = Arrays.asList(answer.columns());
        // Spark's own text form of every type: arrays, maps and structs readable, times in the session zone;
        // positional names first, since a query may return two columns of one name
        String[] positions = new String[header.size()];
        for (int index = 0; index < positions.length; index++) {
            positions[index] = "c" + index;
        }
        Dataset<Row> result = answer.toDF(positions).select(Arrays.stream(positions)
                .map(name -> org.apache.spark.sql.functions.col(name).cast("string")).toArray(org.apache.spark.sql.Column[]::new));
        // the printed rows come to the driver by design; --limit keeps that bounded
        List<Row> rows = limit > 0 ? result.limit(limit).collectAsList() : result.collectAsList();
        List<List<String>> cells = new ArrayList<>();
        for (Row row : rows) {
            List<String> line = new ArrayList<>();
            for (int index = 0; index < row.size(); index++) {
                line.add(row.isNullAt(index) ? (csv ? "" : "NULL") : String.valueOf(row.get(index)));
            }
            cells.add(line);
        }
        if (csv) {
            TablePrinter.printCsv(System.out, header, cells);
        }
        else {
            TablePrinter.printTable(System.out, header, cells);
        }
        return 0;
    }
}
