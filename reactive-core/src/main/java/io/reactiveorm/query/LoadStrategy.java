package io.reactiveorm.query;

/** How {@link Query#populate} loads relations. */
public enum LoadStrategy {
    /**
     * The root query, then one query per populated relation per level, each for all the owners of that
     * level at once ({@code WHERE fk IN (...)}, or a join with the join table for a many-to-many). The default.
     */
    SELECT_IN,
    /**
     * One query: the roots LEFT JOINed with every populated relation, the rows folded back into entities
     * (each once). Fewer round trips, but rows repeat the parent's columns for every child combination.
     */
    JOINED
}
