package io.reactiveorm;

/** A mapping is invalid; raised at start-up by metadata discovery, naming the class and property. */
public final class MappingException extends OrmException {

    public MappingException(String code, String message) {
        super(code, message);
    }
}
