package io.pdlake.quality;

/**
 * Why a row, a file or a value was rejected. The names are stable: bureau staff and providers
 * search for them, and quality.rejects stores them. Add new codes; never rename one.
 */
public enum ReasonCode
{
    ID_NUMBER_MISSING("citizen ID number is missing"),
    ID_NUMBER_FORMAT("citizen ID number is not 18 digits (the last may be X) or 15 digits"),
    ID_NUMBER_REGION("citizen ID number has an impossible region code"),
    ID_NUMBER_BIRTH_DATE("citizen ID number has an impossible or future birth date"),
    ID_NUMBER_CHECK_DIGIT("citizen ID number fails the GB 11643 check character"),
    USCC_MISSING("unified social credit code is missing"),
    USCC_FORMAT("unified social credit code is not 18 characters of the GB 32100 alphabet"),
    USCC_ORG_CODE_CHECK_DIGIT("organisation code inside the credit code fails the GB 11714 check character"),
    USCC_CHECK_DIGIT("unified social credit code fails the GB 32100 check character"),
    IDENTIFIER_UNRECOGNIZED("the value is neither a citizen ID number nor a unified social credit code"),
    KEY_MISSING("subject key is missing"),
    REQUIRED_MISSING("a required field is empty"),
    BAD_INTEGER("a value is not a whole number"),
    BAD_DECIMAL("a value is not a decimal number in range"),
    BAD_DATE("a value is not a date (yyyy-MM-dd, yyyyMMdd or yyyy/M/d)"),
    BAD_TIMESTAMP("a value is not a timestamp (yyyy-MM-dd HH:mm:ss)"),
    BAD_BOOLEAN("a value is not a boolean (true/false, 1/0, 是/否)"),
    VALUE_TOO_LONG("a value is longer than the field allows"),
    WRONG_COLUMN_COUNT("the row has a different number of columns than the header"),
    MALFORMED_QUOTING("the row has an unterminated or stray quote"),
    MALFORMED_JSON("the line is not a JSON object"),
    ENCODING_ERROR("the bytes are not valid in the file's declared encoding"),
    MISSING_COLUMN("the file's header lacks a column the catalog entry requires"),
    FILE_UNREADABLE("the file could not be read at all"),
    DUPLICATE_FILE("the same file content was already ingested");

    private final String description;

    ReasonCode(String description)
    {
        this.description = description;
    }

    public String description()
    {
        return description;
    }
}
