package io.reactiveorm.sql.render;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.EntityMetadata;
import io.reactiveorm.metadata.PropertyMetadata;
import io.reactiveorm.metadata.ValueType;
import io.reactiveorm.sql.dialect.Dialect;

/**
 * The SQL pieces of one entity in one dialect, computed once: quoted table and columns, the SELECT
 * prefix, and per column the type the driver binds and reads.
 *
 * <p>Thread-safety: immutable.
 */
public final class EntitySql {

    private final EntityMetadata<?> meta;
    private final Dialect dialect;
    private final String table;
    private final String[] columns;
    private final ValueType[] valueTypes;
    private final Class<?>[] driverTypes;
    private final String selectPrefix;
    private final String countPrefix;

    public EntitySql(EntityMetadata<?> meta, Dialect dialect) {
        this.meta = meta;
        this.dialect = dialect;
        this.table = dialect.quote(meta.table());
        PropertyMetadata[] properties = meta.properties();
        this.columns = new String[properties.length];
        this.valueTypes = new ValueType[properties.length];
        this.driverTypes = new Class<?>[properties.length];
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < properties.length; i++) {
            columns[i] = dialect.quote(properties[i].column());
            valueTypes[i] = properties[i].valueType();
            driverTypes[i] = dialect.driverType(valueTypes[i]);
            String read = dialect.selectColumn(valueTypes[i], columns[i]);
            // a widened column keeps its name: a derived table (the joined strategy's roots) is read by it
            select.append(i == 0 ? "" : ", ").append(read).append(read.equals(columns[i]) ? "" : " AS " + columns[i]);
        }
        this.selectPrefix = select.append(" FROM ").append(table).toString();
        this.countPrefix = "SELECT COUNT(*) FROM " + table;
    }

    public EntityMetadata<?> meta() {
        return meta;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The quoted table name. */
    public String table() {
        return table;
    }

    /** The quoted column of a property. */
    public String column(PropertyMetadata property) {
        return columns[property.index()];
    }

    /** {@code SELECT <every column> FROM <table>}. */
    public String selectPrefix() {
        return selectPrefix;
    }

    /** {@code SELECT COUNT(*) FROM <table>}. */
    public String countPrefix() {
        return countPrefix;
    }

    /** The type the driver binds and reads for a property. */
    public Class<?> driverType(PropertyMetadata property) {
        return driverTypes[property.index()];
    }

    /**
     * Adds a column value of a property to the binds, converted for the driver. A NaN or infinite number
     * fails here, naming entity and property, on a database that cannot store one (MariaDB and MySQL
     * would report an unknown column 'NaN').
     */
    public void bind(Binds binds, PropertyMetadata property, Object columnValue) {
        if (!dialect.storesNonFiniteNumbers() && (columnValue instanceof Double d && !Double.isFinite(d)
                || columnValue instanceof Float f && !Float.isFinite(f))) {
            throw OrmErrors.invalidArgument("Cannot write " + columnValue + " to " + meta.name() + "." + property.name() + ": "
                    + dialect.name() + " stores no NaN or infinite numbers");
        }
        binds.add(dialect.toDriver(property.valueType(), columnValue), driverTypes[property.index()]);
    }

    /** Adds column values of a property to the binds as one array parameter of the driver type (PostgreSQL arrays). */
    public void bindArray(Binds binds, PropertyMetadata property, Object[] columnValues) {
        Object[] array = (Object[]) java.lang.reflect.Array.newInstance(driverTypes[property.index()], columnValues.length);
        for (int i = 0; i < array.length; i++) {
            array[i] = dialect.toDriver(property.valueType(), columnValues[i]);
        }
        binds.add(array, array.getClass());
    }

    /** Reads one row into column values aligned with the entity's properties. */
    public Object[] read(io.r2dbc.spi.Readable row) {
        return read(row, 0, 0);
    }

    /**
     * Reads this entity's columns from a wider row, starting at column {@code offset}, into values
     * aligned with its properties followed by {@code extra} free slots.
     */
    public Object[] read(io.r2dbc.spi.Readable row, int offset, int extra) {
        Object[] values = new Object[columns.length + extra];
        readInto(row, offset, values, 0);
        return values;
    }

    /** Reads this entity's columns from a row, starting at column {@code offset}, into {@code target} from {@code at}. */
    public void readInto(io.r2dbc.spi.Readable row, int offset, Object[] target, int at) {
        for (int i = 0; i < columns.length; i++) {
            target[at + i] = dialect.fromDriver(valueTypes[i], row.get(offset + i, driverTypes[i]));
        }
    }

    /** Reads column {@code index} of a row as the column value of one of this entity's properties. */
    public Object readColumn(io.r2dbc.spi.Readable row, int index, PropertyMetadata property) {
        return dialect.fromDriver(property.valueType(), row.get(index, driverTypes[property.index()]));
    }

    /** This entity's quoted columns, each prefixed with {@code alias.}, comma-separated. */
    public String columnList(String alias) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            list.append(i == 0 ? "" : ", ").append(dialect.selectColumn(valueTypes[i], alias + "." + columns[i]));
        }
        return list.toString();
    }
}
