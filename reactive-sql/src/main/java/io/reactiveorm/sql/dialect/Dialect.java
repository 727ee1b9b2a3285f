package io.reactiveorm.sql.dialect;

import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.ValueType;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What differs between databases: identifier quoting, parameter markers, column types, value
 * conversions and capabilities. Differences are capability methods, never {@code instanceof} checks.
 *
 * <p>Thread-safety: implementations are immutable.
 */
public abstract class Dialect {

    /** A short name for messages and logs. */
    public abstract String name();

    /** Quotes an identifier in double quotes (the SQL standard); an embedded quote character is doubled. */
    public String quote(String identifier) {
        return quoteWith('"', identifier);
    }

    /** The marker of the bind parameter at a zero-based index: {@code $1, $2, ...} unless the dialect says otherwise. */
    public String parameter(int index) {
        return "$" + (index + 1);
    }

    /**
     * Whether every query must carry at least one bind parameter. r2dbc-postgresql sends a statement
     * without parameters through the simple query protocol, whose conversation a cancel mid-stream leaves
     * dead (pgjdbc/r2dbc-postgresql#536): the connection's next statement never completes.
     */
    public boolean bindsEveryQuery() {
        return false;
    }

    /** The most bind parameters one statement may carry. */
    public abstract int maxParameters();

    /** Whether batches are written with array parameters through {@code unnest} (one SQL text per shape). */
    public boolean usesArrayBatches() {
        return false;
    }

    /** The SQL array element type of a column type for {@code unnest} batches, or {@code null} when it has none. */
    public String arrayElementType(ValueType type) {
        throw new UnsupportedOperationException(name() + " has no array parameters");
    }

    /**
     * Whether row-list updates join a table value constructor ({@code UPDATE t JOIN (WITH v (k, c0) AS
     * (VALUES (?, ?), ...) SELECT * FROM v) v ON ... SET ...}) instead of one {@code CASE} per column.
     */
    public boolean updatesThroughValuesJoin() {
        return false;
    }

    /**
     * Whether updates of rows with an integral id join {@code JSON_TABLE} over one JSON
     * parameter holding every row (one SQL text per shape whatever the row count).
     */
    public boolean batchesThroughJsonTable() {
        return false;
    }

    /** Whether an INSERT reads generated ids through a RETURNING clause written into the SQL. */
    public boolean usesReturningClause() {
        return false;
    }

    /**
     * Whether the driver returns every generated id of a multi-row INSERT; when false only the first
     * is returned and the others follow it by the auto-increment step.
     */
    public boolean returnsAllGeneratedIds() {
        return true;
    }

    /** Whether the database has sequences. */
    public boolean supportsSequences() {
        return true;
    }

    /** A query returning {@code count} next values of a sequence, with {@code count} as its one parameter. */
    public abstract String nextSequenceValues(String sequence);

    /** How a bound value inside a CASE expression is written (some databases need its type spelled). */
    public String caseParameter(PropertyMetadata column, int index) {
        return parameter(index);
    }

    /** The column type for DDL. */
    public abstract String columnType(PropertyMetadata column);

    /** The most digits a decimal column may hold (its precision); the schema generator refuses more. */
    public abstract int maxDecimalPrecision();

    /** The most digits after the decimal point a decimal column may hold (its scale); the schema generator refuses more. */
    public abstract int maxDecimalScale();

    /** The DDL of a database-generated id column. */
    public abstract String identityColumnType(PropertyMetadata column);

    /** The Java type a driver binds and reads for a column type. */
    public Class<?> driverType(ValueType type) {
        return type.javaType();
    }

    /** Whether float and double columns hold NaN and the infinities. */
    public boolean storesNonFiniteNumbers() {
        return true;
    }

    /** What a SELECT reads for a (qualified, quoted) column of a type: the column itself unless the dialect must widen it. */
    public String selectColumn(ValueType type, String column) {
        return column;
    }

    /**
     * Converts a column value (see {@link PropertyMetadata#toColumnValue}) into what the driver binds.
     * Date-times are cut to the microsecond first ({@link ValueType#cutToMicros}).
     */
    public final Object toDriver(ValueType type, Object value) {
        return driverValue(type, ValueType.cutToMicros(value));
    }

    /** {@link #toDriver} after the date-times are cut; dialects convert what their driver binds differently. */
    protected Object driverValue(ValueType type, Object value) {
        return value;
    }

    /**
     * Converts a value the driver read into the column value of that type: an {@code OffsetDateTime} in
     * UTC on every database (the instant is what is stored; H2 keeps the offset, PostgreSQL's driver
     * answers in the JVM's zone).
     */
    public Object fromDriver(ValueType type, Object value) {
        return value instanceof OffsetDateTime offset ? offset.withOffsetSameInstant(ZoneOffset.UTC) : value;
    }

    /** The DDL creating the sequence of a SEQUENCE entity, first value {@code start}, unless it exists. */
    public String createSequence(EntityMetadata<?> meta, long start) {
        return "CREATE SEQUENCE IF NOT EXISTS " + quote(meta.sequenceName()) + " START WITH " + start + " INCREMENT BY " + meta.allocationSize();
    }

    /**
     * A query reading the increment of {@code sequence} in the current schema: one row and column. Its
     * one parameter is the sequence's name, unless {@link #sequenceIncrementBindsName()} says it has none.
     */
    public String sequenceIncrement(String sequence) {
        return "SELECT increment FROM information_schema.sequences WHERE sequence_schema = current_schema() AND sequence_name = "
                + parameter(0);
    }

    /** Whether {@link #sequenceIncrement} takes the sequence's name as its one parameter. */
    public boolean sequenceIncrementBindsName() {
        return true;
    }

    /** The DDL setting a sequence's increment, so that each value it hands out starts a block of that size. */
    public String alterSequenceIncrement(String sequence, int increment) {
        return "ALTER SEQUENCE " + quote(sequence) + " INCREMENT BY " + increment;
    }

    /** A query listing the name of every sequence in the connection's current schema. */
    public String currentSchemaSequences() {
        return "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()";
    }

    /** A query listing (table_name, column_name) of every column in the connection's current schema. */
    public String currentSchemaColumns() {
        return "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()";
    }

    /**
     * Whether a foreign-key constraint can be dropped "if it exists" from a table that may not exist,
     * so that {@code drop()} can remove every foreign key before the tables (cycles need no order).
     */
    public boolean dropsForeignKeysIfExist() {
        return true;
    }

    /**
     * The longest identifier (constraint, index) the database accepts: PostgreSQL truncates longer ones to
     * 63 characters (so two long names can become one), MySQL and MariaDB refuse more than 64.
     */
    public int maxIdentifierLength() {
        return 63;
    }

    /** Whether the database indexes a foreign-key column by itself (InnoDB and H2 do; PostgreSQL does not). */
    public boolean indexesForeignKeysItself() {
        return true;
    }

    /** The DDL dropping a foreign-key constraint if its table and it exist (see {@link #dropsForeignKeysIfExist()}). */
    public String dropForeignKey(String table, String constraint) {
        return "ALTER TABLE IF EXISTS " + quote(table) + " DROP CONSTRAINT IF EXISTS " + quote(constraint);
    }

    /** The DDL dropping a sequence if it exists. */
    public String dropSequence(String sequence) {
        return "DROP SEQUENCE IF EXISTS " + quote(sequence);
    }

    /** Quoting with a given quote character, doubling embedded ones. */
    protected static String quoteWith(char quote, String identifier) {
        StringBuilder out = new StringBuilder(identifier.length() + 2).append(quote);
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (c == quote) {
                out.append(quote);
            }
            out.append(c);
        }
        return out.append(quote).toString();
    }

    /** Instants and offsets as UTC local date-times, for databases without a zoned timestamp type. */
    protected static Object utcLocal(ValueType type, Object value) {
        if (value instanceof Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return value;
    }

    /** The reverse of {@link #utcLocal}. */
    protected static Object fromUtcLocal(ValueType type, Object value) {
        if (value instanceof LocalDateTime local) {
            if (type == ValueType.INSTANT) {
                return local.toInstant(ZoneOffset.UTC);
            }
            if (type == ValueType.OFFSET_DATE_TIME) {
                return local.atOffset(ZoneOffset.UTC);
            }
        }
        return value;
    }

    /** The shared DDL spelling of most column types; dialects override what differs. */
    protected String standardType(PropertyMetadata column) {
        return switch (column.valueType()) {
            case BOOLEAN -> "BOOLEAN";
            case SHORT -> "SMALLINT";
            case INTEGER -> "INTEGER";
            case LONG -> "BIGINT";
            case FLOAT -> "REAL";
            case DOUBLE -> "DOUBLE PRECISION";
            case BIG_DECIMAL -> "NUMERIC(" + column.precision() + ", " + column.scale() + ")";
            case STRING -> "VARCHAR(" + column.length() + ")";
            case UUID -> "UUID";
            case INSTANT, OFFSET_DATE_TIME -> "TIMESTAMP WITH TIME ZONE";
            case LOCAL_DATE -> "DATE";
            case LOCAL_DATE_TIME -> "TIMESTAMP";
            case BYTES -> "BYTEA";
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
