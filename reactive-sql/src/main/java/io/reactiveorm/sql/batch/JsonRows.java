package io.reactiveorm.sql.batch;

import io.reactiveorm.metadata.ValueType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Writes batch rows as one JSON document, {@code [[k, c0, ...], ...]}, for {@code JSON_TABLE}, and
 * says which SQL type each value is read back as. Numbers and booleans travel as JSON numbers and
 * booleans into exact SQL types (BIGINT, DOUBLE, BOOLEAN); strings, decimals, UUIDs and date-times
 * travel as JSON strings read back as {@code LONGTEXT}, so the UPDATE's assignment converts them the
 * way it converts a string literal: too long or out of range is an error in strict mode, never the
 * silent truncation a narrower JSON_TABLE column type would do. {@code byte[]} has no lossless JSON
 * form, nor have NaN and the infinities: callers fall back to bound row lists for those.
 *
 * <p>Thread-safety: stateless.
 */
final class JsonRows {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonRows() {
    }

    /** The JSON_TABLE column type a value of {@code type} is read back as, or {@code null} when JSON cannot carry it. */
    static String columnType(ValueType type) {
        return switch (type) {
            case BOOLEAN -> "BOOLEAN";
            case SHORT, INTEGER, LONG -> "BIGINT";
            case FLOAT, DOUBLE -> "DOUBLE";
            case BIG_DECIMAL, STRING, UUID, INSTANT, OFFSET_DATE_TIME, LOCAL_DATE, LOCAL_DATE_TIME -> "LONGTEXT";
            case BYTES -> null;
        };
    }

    /**
     * Appends one driver value (see {@code Dialect#toDriver}) of {@code type} as JSON.
     *
     * @return false, having appended nothing, when the value has no lossless JSON form (NaN, infinities)
     */
    static boolean append(StringBuilder json, ValueType type, Object value) {
        if (value == null) {
            json.append("null");
            return true;
        }
        switch (type) {
            case BOOLEAN, SHORT, INTEGER, LONG -> json.append(value);
            case FLOAT, DOUBLE -> {
                // a float widened to double is exact, and the DOUBLE read back narrows to the same float
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    return false;
                }
                json.append(d);
            }
            case BIG_DECIMAL -> appendString(json, value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
            case LOCAL_DATE -> appendString(json, ((LocalDate) value).toString());
            case INSTANT, OFFSET_DATE_TIME, LOCAL_DATE_TIME -> appendDateTime(json, (LocalDateTime) value);
            case STRING, UUID -> appendString(json, value.toString());
            case BYTES -> {
                return false;
            }
        }
        return true;
    }

    /** {@code "yyyy-MM-dd HH:mm:ss.ffffff"}: microseconds, as DATETIME(6) keeps them and the driver binds them. */
    private static void appendDateTime(StringBuilder json, LocalDateTime value) {
        json.append('"').append(value.toLocalDate()).append(' ');
        pad2(json, value.getHour()).append(':');
        pad2(json, value.getMinute()).append(':');
        pad2(json, value.getSecond()).append('.');
        String micros = Integer.toString(value.getNano() / 1_000);
        json.append("000000", micros.length(), 6).append(micros).append('"');
    }

    private static StringBuilder pad2(StringBuilder json, int value) {
        return json.append(value < 10 ? "0" : "").append(value);
    }

    /** A JSON string: quote, backslash and control characters escaped, everything else as is (UTF-8 on the wire). */
    static void appendString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
