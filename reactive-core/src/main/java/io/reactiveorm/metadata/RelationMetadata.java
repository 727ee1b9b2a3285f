package io.reactiveorm.metadata;

/**
 * A relation without a column of its own in an Orm: a {@code @OneToMany(mappedBy)}, either side of a
 * {@code @ManyToMany}, or an inverse {@code @OneToOne(mappedBy)}. Owning to-one relations are
 * columns and so {@link PropertyMetadata}s ({@link PropertyMetadata#isToOne()}).
 *
 * <p>Thread-safety: immutable once the Orm's metadata is discovered.
 */
public final class RelationMetadata {

    private final RelationSide side;
    private final EntityMetadata<?> owner;
    private final EntityMetadata<?> target;
    private final PropertyMetadata inverseToOne;
    /** Owning many-to-many: its own; inverse: the owning side's, reversed (linked after both exist). */
    private JoinTableMetadata joinTable;
    /** The other side of a many-to-many mapped on both ends; linked after both exist. */
    private RelationMetadata other;

    RelationMetadata(RelationSide side, EntityMetadata<?> owner, EntityMetadata<?> target, PropertyMetadata inverseToOne,
                     JoinTableMetadata joinTable) {
        this.side = side;
        this.owner = owner;
        this.target = target;
        this.inverseToOne = inverseToOne;
        this.joinTable = joinTable;
    }

    void linkOther(RelationMetadata otherSide) {
        this.other = otherSide;
    }

    /** Links the inverse side of a many-to-many to its owning side and takes its join table. */
    void linkInverse(RelationMetadata owning) {
        this.other = owning;
        this.joinTable = owning.joinTable.reversed();
    }

    public String name() {
        return side.name();
    }

    public RelationSide.Kind kind() {
        return side.kind();
    }

    /** Whether the relation is a collection ({@code @OneToMany} or {@code @ManyToMany}). */
    public boolean isCollection() {
        return side.kind() != RelationSide.Kind.ONE_TO_ONE_INVERSE;
    }

    /** The entity declaring the relation. */
    public EntityMetadata<?> owner() {
        return owner;
    }

    /** The entity on the other end. */
    public EntityMetadata<?> target() {
        return target;
    }

    /** For a one-to-many or inverse one-to-one: the target's to-one holding the foreign key; else {@code null}. */
    public PropertyMetadata inverseToOne() {
        return inverseToOne;
    }

    /** For a many-to-many: its join table as seen from this side; else {@code null}. */
    public JoinTableMetadata joinTable() {
        return joinTable;
    }

    /** For a many-to-many mapped on both ends: the other end's relation; else {@code null}. */
    public RelationMetadata other() {
        return other;
    }

    /** Whether flushes write this side: the owning side of a many-to-many (its join rows). */
    public boolean isOwningManyToMany() {
        return side.isOwningManyToMany();
    }

    public boolean cascadesPersist() {
        return side.cascadesPersist();
    }

    public boolean cascadesRemove() {
        return side.cascadesRemove();
    }

    public boolean orphanRemoval() {
        return side.orphanRemoval();
    }

    /** The annotation-level description, shared with {@link io.reactiveorm.EntityCollection}. */
    public RelationSide side() {
        return side;
    }

    /** The field's value: an {@link io.reactiveorm.EntityCollection}, or for an inverse one-to-one the target or null. */
    public Object get(Object entity) {
        return side.get(entity);
    }

    public void set(Object entity, Object value) {
        side.set(entity, value);
    }

    @Override
    public String toString() {
        return owner.name() + "." + name();
    }
}
