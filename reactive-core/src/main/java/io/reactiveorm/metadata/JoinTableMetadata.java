package io.reactiveorm.metadata;

/**
 * The join table of a many-to-many, as seen from one side: {@code ownerColumn} holds the id of the
 * side's entity, {@code targetColumn} the id of the entity it relates to. Both sides of one relation
 * see the same table with the columns swapped.
 *
 * @param table        the unquoted join table name
 * @param ownerColumn  the column holding this side's id
 * @param targetColumn the column holding the other side's id
 * @param owner        this side's entity (its id's type is the owner column's type)
 * @param target       the other side's entity
 */
public record JoinTableMetadata(String table, String ownerColumn, String targetColumn, EntityMetadata<?> owner,
                                EntityMetadata<?> target) {

    /** The same join table seen from the other side. */
    public JoinTableMetadata reversed() {
        return new JoinTableMetadata(table, targetColumn, ownerColumn, target, owner);
    }

    @Override
    public String toString() {
        return table;
    }
}
