package io.pdlake.quality;

/**
 * Why a row, a file or a value was rejected. The names are stable: bureau staff and providers
 * search for them, and quality.rejects stores them. Add new codes; never rename one.
 */
public enum ReasonCode
{
    ID_NUMBER_MISSING(QualityDimension.COMPLETENESS, "citizen ID number is missing"),
    ID_NUMBER_FORMAT(QualityDimension.CONFORMITY, "citizen ID number is not 18 digits (the last may be X) or 15 digits"),
    ID_NUMBER_REGION(QualityDimension.ACCURACY, "citizen ID number has an impossible region code"),
    ID_NUMBER_BIRTH_DATE(QualityDimension.ACCURACY, "citizen ID number has an impossible or future birth date"),
    ID_NUMBER_CHECK_DIGIT(QualityDimension.ACCURACY, "citizen ID number fails the GB 11643 check character"),
    USCC_MISSING(QualityDimension.COMPLETENESS, "unified social credit code is missing"),
    USCC_FORMAT(QualityDimension.CONFORMITY, "unified social credit code is not 18 characters of the GB 32100 alphabet"),
    USCC_ORG_CODE_CHECK_DIGIT(QualityDimension.ACCURACY, "organisation code inside the credit code fails the GB 11714 check character"),
    USCC_CHECK_DIGIT(QualityDimension.ACCURACY, "unified social credit code fails the GB 32100 check character"),
    IDENTIFIER_UNRECOGNIZED(QualityDimension.CONFORMITY, "the value is neither a citizen ID number nor a unified social credit code"),
    KEY_MISSING(QualityDimension.COMPLETENESS, "subject key is missing"),
    REQUIRED_MISSING(QualityDimension.COMPLETENESS, "a required field is empty"),
    BAD_INTEGER(QualityDimension.CONFORMITY, "a value is not a whole number"),
    BAD_DECIMAL(QualityDimension.CONFORMITY, "a value is not a decimal number in range"),
    BAD_DATE(QualityDimension.CONFORMITY, "a value is not a date (yyyy-MM-dd, yyyyMMdd or yyyy/M/d)"),
    BAD_TIMESTAMP(QualityDimension.CONFORMITY, "a value is not a timestamp (yyyy-MM-dd HH:mm:ss)"),
    BAD_BOOLEAN(QualityDimension.CONFORMITY, "a value is not a boolean (true/false, 1/0, 是/否)"),
    VALUE_TOO_LONG(QualityDimension.CONFORMITY, "a value is longer than the field allows"),
    WRONG_COLUMN_COUNT(QualityDimension.CONFORMITY, "the row has a different number of columns than the header"),
    MALFORMED_QUOTING(QualityDimension.CONFORMITY, "the row has an unterminated or stray quote"),
    MALFORMED_JSON(QualityDimension.CONFORMITY, "the line is not a JSON object"),
    ENCODING_ERROR(QualityDimension.CONFORMITY, "the bytes are not valid in the file's declared encoding"),
    MISSING_COLUMN(QualityDimension.CONFORMITY, "the file's header lacks a column the catalog entry requires"),
    FILE_UNREADABLE(QualityDimension.ACCESSIBILITY, "the file could not be read at all"),
    DUPLICATE_FILE(QualityDimension.ACCURACY, "the same file content was already ingested"),
    DATE_IN_FUTURE(QualityDimension.ACCURACY, "a date or time lies after the day the feed was ingested"),
    CONTROL_CHARACTER(QualityDimension.CONFORMITY, "a value holds control characters (binary data in a text field)"),
    FILE_OUTSIDE_LANDING(QualityDimension.ACCESSIBILITY, "the file is a link to a place outside the landing root and is not read");

    private final QualityDimension dimension;
    private final String description;

    ReasonCode(QualityDimension dimension, String description)
    {
        this.dimension = dimension;
        this.description = description;
    }

    /** The GB/T 36344 dimension a row rejected for this reason counts against. */
    public QualityDimension dimension()
    {
        return dimension;
    }

    public String description()
    {
        return description;
    }
}
