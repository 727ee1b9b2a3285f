package io.reactiveorm;

/**
 * Base of every error reactive-orm raises. Each carries a stable {@link #code() code} (for example
 * {@code RO-1002}) so that logs and support questions can refer to it without quoting the message.
 *
 * <p>Thread-safety: immutable.
 */
public class OrmException extends RuntimeException {

    private final String code;

    public OrmException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public OrmException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** The stable error code, {@code RO-nnnn}. */
    public String code() {
        return code;
    }
}
