package io.reactiveorm.sql.dialect;

import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.ValueType;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * MySQL and MariaDB through r2dbc-mysql: backtick quoting, {@code ?} markers. MariaDB (10.5+) returns
 * every generated id through RETURNING and has sequences; MySQL returns only the first id and has no
 * sequences. Instants and offsets are stored as UTC {@code DATETIME(6)}, UUIDs as {@code CHAR(36)}.
 */
final class MySqlDialect extends Dialect {

    private final boolean mariaDb;
    private final boolean jsonTable;

    /** {@code jsonTable}: the server has {@code JSON_TABLE} (MariaDB 10.6 or later). */
    MySqlDialect(boolean mariaDb, boolean jsonTable) {
        this.mariaDb = mariaDb;
        this.jsonTable = jsonTable;
    }

    @Override
    public String name() {
        return mariaDb ? "MariaDB" : "MySQL";
    }

    @Override
    public String quote(String identifier) {
        return quoteWith('`', identifier);
    }

    @Override
    public String parameter(int index) {
        return "?";
    }

    @Override
    public int maxParameters() {
        return 65_535;
    }

    @Override
    public boolean returnsAllGeneratedIds() {
        return mariaDb;
    }

    /**
     * On MariaDB, a join on a table value constructor: measured level with CASE chains at 300 rows per
     * statement and far ahead at 2,500 (CASE costs grow with rows x columns). MySQL spells table value
     * constructors differently ({@code VALUES ROW(...)}) and keeps CASE.
     */
    @Override
    public boolean updatesThroughValuesJoin() {
        return mariaDb;
    }

    /**
     * On MariaDB 10.6 or later (the first with JSON_TABLE). MySQL (8.0.4+) has JSON_TABLE too, but no
     * MySQL server is at hand to verify it, so MySQL keeps CASE chains.
     */
    @Override
    public boolean batchesThroughJsonTable() {
        return mariaDb && jsonTable;
    }

    @Override
    public boolean supportsSequences() {
        return mariaDb;
    }

    @Override
    public String nextSequenceValues(String sequence) {
        return "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < ?) SELECT NEXTVAL("
                + quote(sequence) + ") FROM r";
    }

    /** MariaDB has {@code IF EXISTS} on both the table and the key; MySQL has it on neither. */
    @Override
    public boolean dropsForeignKeysIfExist() {
        return mariaDb;
    }

    @Override
    public String dropForeignKey(String table, String constraint) {
        return "ALTER TABLE IF EXISTS " + quote(table) + " DROP FOREIGN KEY IF EXISTS " + quote(constraint);
    }

    @Override
    public String currentSchemaColumns() {
        return "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = DATABASE()";
    }

    /** MariaDB lists sequences as tables of type SEQUENCE. */
    @Override
    public String sequenceIncrement(String sequence) {
        // a MariaDB sequence is a table of one row (information_schema.sequences comes with 11.5)
        return "SELECT increment FROM " + quote(sequence);
    }

    @Override
    public boolean sequenceIncrementBindsName() {
        return false;
    }

    @Override
    public String currentSchemaSequences() {
        return "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'SEQUENCE'";
    }

    @Override
    public String columnType(PropertyMetadata column) {
        return switch (column.valueType()) {
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case BIG_DECIMAL -> "DECIMAL(" + column.precision() + ", " + column.scale() + ")";
            case UUID -> "CHAR(36)";
            case INSTANT, OFFSET_DATE_TIME, LOCAL_DATE_TIME -> "DATETIME(6)";
            case BYTES -> "LONGBLOB";
            default -> standardType(column);
        };
    }

    @Override
    public int maxDecimalPrecision() {
        return 65;
    }

    /** MariaDB raised DECIMAL's scale limit to 38 in 10.2.1 (refused above it by 11.4: "Maximum is 38"); MySQL keeps 30. */
    @Override
    public int maxDecimalScale() {
        return mariaDb ? 38 : 30;
    }

    @Override
    public String identityColumnType(PropertyMetadata column) {
        return standardType(column) + " AUTO_INCREMENT";
    }

    @Override
    public boolean storesNonFiniteNumbers() {
        return false;
    }

    @Override
    public Class<?> driverType(ValueType type) {
        return switch (type) {
            case UUID -> String.class;
            case INSTANT, OFFSET_DATE_TIME -> java.time.LocalDateTime.class;
            case FLOAT -> Double.class;
            default -> type.javaType();
        };
    }

    /**
     * A FLOAT is read widened to double: MariaDB's text protocol (r2dbc-mysql prepares on the client)
     * writes a FLOAT with 6 significant digits (123456.79 as 123457), a DOUBLE with all of them, and the
     * widened value narrows back to the float stored.
     */
    @Override
    public String selectColumn(ValueType type, String column) {
        return type == ValueType.FLOAT ? column + " + 0e0" : column;
    }

    /**
     * r2dbc-mysql writes a decimal's {@code toString()} into the statement; in exponent form (a negative
     * scale, or a value below 1E-6) MariaDB reads that as a DOUBLE and keeps about 17 digits
     * (1234567890123456789012345670 stored as 1234567890123456900000000000). Such a decimal is bound as
     * its plain digits in a string, which MariaDB converts to the DECIMAL column exactly.
     */
    @Override
    protected Object driverValue(ValueType type, Object value) {
        if (type == ValueType.UUID && value != null) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal && (decimal.scale() < 0 || decimal.precision() - decimal.scale() - 1 < -6)) {
            return decimal.toPlainString();
        }
        if (type == ValueType.FLOAT && value != null) {
            // r2dbc-mysql sends a float as its shortest decimal ("0.1"), which MariaDB compares with the FLOAT
            // column widened to double (0.100000001490116...): equal only when sent as that double
            return ((Float) value).doubleValue();
        }
        return utcLocal(type, value);
    }

    @Override
    public Object fromDriver(ValueType type, Object value) {
        if (type == ValueType.UUID && value instanceof String text) {
            return UUID.fromString(text);
        }
        if (type == ValueType.FLOAT && value instanceof Double widened) {
            return widened.floatValue();
        }
        return fromUtcLocal(type, value);
    }

    @Override
    public int maxIdentifierLength() {
        return 64;
    }
}
