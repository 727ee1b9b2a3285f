package io.reactiveorm.query;

/** Comparison operators of a {@link Filter}. */
public enum Operator {
    EQ("="), NE("<>"), GT(">"), GTE(">="), LT("<"), LTE("<="), LIKE("LIKE");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The SQL spelling of the operator. */
    public String symbol() {
        return symbol;
    }
}
