package io.reactiveorm.metadata;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The column-level type of a property: what the driver binds and reads. Enums, {@code byte} and
 * {@code char} properties are converted to one of these by their {@link PropertyMetadata}.
 */
public enum ValueType {
    BOOLEAN(Boolean.class),
    SHORT(Short.class),
    INTEGER(Integer.class),
    LONG(Long.class),
    FLOAT(Float.class),
    DOUBLE(Double.class),
    BIG_DECIMAL(BigDecimal.class),
    STRING(String.class),
    UUID(java.util.UUID.class),
    INSTANT(Instant.class),
    LOCAL_DATE(LocalDate.class),
    LOCAL_DATE_TIME(LocalDateTime.class),
    OFFSET_DATE_TIME(OffsetDateTime.class),
    BYTES(byte[].class);

    private final Class<?> javaType;

    ValueType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The Java type of the bound and read values. */
    public Class<?> javaType() {
        return javaType;
    }

    /** Whether values of this type are numbers the database can increment (version columns). */
    public boolean isIntegral() {
        return this == SHORT || this == INTEGER || this == LONG;
    }

    /**
     * A value as every supported database keeps it: date-times cut to the microsecond (PostgreSQL and H2
     * would round 23:59:59.999999999 up to the next day where MariaDB cuts it), anything else unchanged.
     */
    public static Object cutToMicros(Object value) {
        if (value instanceof Instant instant) {
            return instant.truncatedTo(ChronoUnit.MICROS);
        }
        if (value instanceof LocalDateTime local) {
            return local.truncatedTo(ChronoUnit.MICROS);
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.truncatedTo(ChronoUnit.MICROS);
        }
        return value;
    }

    static ValueType ofJavaType(Class<?> type) {
        if (type == UUID.class) {
            return UUID;
        }
        for (ValueType valueType : values()) {
            if (valueType.javaType == type) {
                return valueType;
            }
        }
        return null;
    }
}
