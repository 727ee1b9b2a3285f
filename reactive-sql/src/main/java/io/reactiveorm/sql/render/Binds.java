package io.reactiveorm.sql.render;

import java.util.ArrayList;
import java.util.List;

/** Values to bind to one statement, in order, each with its type so that nulls can be bound too. */
public final class Binds {

    private final List<Object> values;
    private final List<Class<?>> types;

    public Binds(int expected) {
        this.values = new ArrayList<>(expected);
        this.types = new ArrayList<>(expected);
    }

    /** Adds a driver value (already converted by the dialect) of the given driver type. */
    public void add(Object value, Class<?> type) {
        values.add(value);
        types.add(type);
    }

    public int size() {
        return values.size();
    }

    public Object value(int index) {
        return values.get(index);
    }

    public Class<?> type(int index) {
        return types.get(index);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
