package io.reactiveorm.metadata;

import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * A constructor whose parameter names are known (compiled with {@code -parameters} or a record),
 * used by {@code EntityManager.create} to match a map of values to constructor arguments.
 *
 * <p>Thread-safety: immutable.
 */
public final class EntityCreator {

    private final List<String> parameterNames;
    private final MethodHandle constructor;

    EntityCreator(List<String> parameterNames, MethodHandle spreadConstructor) {
        this.parameterNames = List.copyOf(parameterNames);
        this.constructor = spreadConstructor;
    }

    /** Parameter names in declaration order. */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /** Invokes the constructor with arguments in {@link #parameterNames()} order. */
    public Object create(Object[] arguments) {
        try {
            return constructor.invoke(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
