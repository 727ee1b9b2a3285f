package io.reactiveorm.unitofwork;

import io.reactiveorm.metadata.JoinTableMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Removed entities whose rows in one join table go before the entities' own rows: every join row whose
 * {@link JoinTableMetadata#ownerColumn()} holds one of their ids.
 */
final class LinkPurge {

    final JoinTableMetadata joinTable;
    final List<EntityEntry> removed = new ArrayList<>();

    LinkPurge(JoinTableMetadata joinTable) {
        this.joinTable = joinTable;
    }
}
