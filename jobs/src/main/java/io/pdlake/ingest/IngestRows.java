package io.pdlake.ingest;

import io.pdlake.catalog.FieldType;
import io.pdlake.quality.ReasonCode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a row between reading and writing: the entry's fields, then where the row came from,
 * then why it was rejected (null when accepted). Accepted and rejected rows share it so one pass
 * over the input feeds both tables.
 */
final class IngestRows
{
    static final String BATCH_ID = "_batch_id";
    static final String SOURCE_FILE = "_source_file";
    static final String SOURCE_LINE = "_source_line";
    static final String RAW = "_raw";
    static final String REASON = "_reason";
    static final String REASON_FIELD = "_reason_field";
    static final String MESSAGE = "_message";
    private static final int TRAILER = 7;

    private IngestRows() {}

    static StructType schema(FeedLayout layout)
    {
        List<StructField> fields = new ArrayList<>();
        for (FeedLayout.FieldSpec field : layout.fields()) {
            fields.add(DataTypes.createStructField(field.name(), sparkType(field.type()), true));
        }
        fields.add(DataTypes.createStructField(BATCH_ID, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(SOURCE_LINE, DataTypes.LongType, false));
        fields.add(DataTypes.createStructField(RAW, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(REASON, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(REASON_FIELD, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(MESSAGE, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    static DataType sparkType(FieldType type)
    {
        return switch (type.kind()) {
            case STRING, CODE, ID_NUMBER, USCC -> DataTypes.StringType;
            case INTEGER -> DataTypes.LongType;
            case DECIMAL -> DataTypes.createDecimalType(type.precision(), type.scale());
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }

    static Row accepted(Object[] values, FeedFile file, long line)
    {
        Object[] row = new Object[values.length + TRAILER];
        System.arraycopy(values, 0, row, 0, values.length);
        row[values.length] = file.batchId();
        row[values.length + 1] = file.relativePath();
        row[values.length + 2] = line;
        return RowFactory.create(row);
    }

    static Row rejected(int fieldCount, FeedFile file, long line, String rawText, Rejection rejection)
    {
        Object[] row = new Object[fieldCount + TRAILER];
        row[fieldCount] = file.batchId();
        row[fieldCount + 1] = file.relativePath();
        row[fieldCount + 2] = line;
        row[fieldCount + 3] = rawText;
        row[fieldCount + 4] = rejection.reason().name();
        row[fieldCount + 5] = rejection.field().orElse(null);
        row[fieldCount + 6] = rejection.message();
        return RowFactory.create(row);
    }

    static Row unreadable(int fieldCount, FeedFile file, long line, Exception cause)
    {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        Rejection rejection = FeedFileParser.fileProblem(ReasonCode.FILE_UNREADABLE,
                line == 0 ? file.relativePath() : file.relativePath() + " after line " + line, detail);
        return rejected(fieldCount, file, line, "", rejection);
    }
}
