package io.reactiveorm;

import io.reactiveorm.internal.CollectionInternals;
import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.RelationSide;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The to-many side of a relation: {@code @OneToMany(mappedBy)} or either side of a {@code @ManyToMany}.
 * Declare it initialised with its owner, so that it can keep the other side in sync from the start:
 *
 * <pre>{@code
 * @OneToMany(mappedBy = "author", cascade = CascadeType.ALL, orphanRemoval = true)
 * final EntityCollection<Book> books = new EntityCollection<>(this);
 * }</pre>
 *
 * <p>A collection of a new entity is initialised (and empty). The collection of an entity read from
 * the database is not initialised until it is loaded ({@link #load()}, {@code em.populate(...)} or a
 * find with {@code populate}): reading or changing it before fails with {@code RO-3012}, which says
 * how to load it. Loading is always explicit and reactive; there are no lazy proxies.
 *
 * <p>Elements are entity instances, compared by identity (the identity map gives one instance per
 * row), kept in insertion order without duplicates. Adding keeps the other side in sync: adding a
 * book to {@code author.books} sets {@code book.author}; adding a tag to {@code book.tags} adds the
 * book to {@code tag.books} when that collection is initialised. Removing does the reverse
 * ({@code book.author} becomes {@code null}, or with {@code orphanRemoval} the book is deleted by the
 * next flush).
 *
 * <p>Thread-safety: not thread-safe, like the entity that holds it.
 *
 * @param <T> the element entity type
 */
public final class EntityCollection<T> implements Iterable<T> {

    static {
        CollectionInternals.register(new Internals());
    }

    private final Object owner;
    private RelationSide side;
    /**
     * The elements in order, and those removed since the list was last read: a removal leaves
     * {@link #members} only, and the list drops all removed ones in one pass when it is next read, so that
     * removing many elements does not shift the list each time. It holds removed ones exactly when it is
     * longer than {@link #members}.
     */
    private final List<T> items = new ArrayList<>();
    private final Set<Object> members = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Counts changes of the elements, for iterators. */
    private int changes;
    private boolean initialized = true;
    /** The elements as last loaded or flushed, for the flush's diff; empty for a new owner. */
    private Object[] snapshot = new Object[0];
    private Function<EntityCollection<?>, Mono<Void>> loader;

    /**
     * An empty, initialised collection owned by {@code owner}: pass {@code this} from the entity's
     * field initialiser.
     */
    public EntityCollection(Object owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** The entity holding this collection. */
    public Object owner() {
        return owner;
    }

    /** Whether the elements are loaded (always for a new entity's collection). */
    public boolean isInitialized() {
        return initialized;
    }

    public int size() {
        requireInitialized("size()");
        return members.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Whether this exact instance is an element. */
    public boolean contains(Object item) {
        requireInitialized("contains()");
        return members.contains(item);
    }

    /** Iterates over the elements; changing the collection while iterating fails. */
    @Override
    public Iterator<T> iterator() {
        requireInitialized("iteration");
        int expected = changes;
        Iterator<T> elements = Collections.unmodifiableList(items()).iterator();
        // ArrayList's own iterator checks in next() only: removing the second-to-last element would end the loop silently
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                requireUnchangedSince(expected);
                return elements.hasNext();
            }

            @Override
            public T next() {
                requireUnchangedSince(expected);
                return elements.next();
            }
        };
    }

    private void requireUnchangedSince(int expected) {
        if (changes != expected) {
            throw new ConcurrentModificationException("the " + describe() + " was changed while iterating over it");
        }
    }

    /** The elements, as an unmodifiable copy. */
    public List<T> getItems() {
        requireInitialized("getItems()");
        return List.copyOf(items());
    }

    public Stream<T> stream() {
        return getItems().stream();
    }

    /** Adds elements that are not in already, and sets the other side of each. */
    @SafeVarargs
    public final void add(T... elements) {
        addAll(List.of(elements));
    }

    /** Adds elements that are not in already, and sets the other side of each. */
    public void addAll(Iterable<? extends T> elements) {
        requireInitialized("add()");
        List<T> adding = new ArrayList<>();
        for (T element : elements) {
            adding.add(Objects.requireNonNull(element, "element"));
        }
        change(List.of(), adding, "add()");
    }

    /** Removes an element, and clears the other side; returns whether it was an element. */
    public boolean remove(T element) {
        requireInitialized("remove()");
        requireOwningSideLoaded(element, "remove()");
        if (!removeWithoutSync(element)) {
            return false;
        }
        syncRemoved(element);
        return true;
    }

    /** Removes every element, clearing the other side of each. */
    public void removeAll() {
        requireInitialized("removeAll()");
        change(List.copyOf(items()), List.of(), "removeAll()");
    }

    /** Replaces the elements by the given ones (removing the others, adding the new ones). */
    public void set(Iterable<? extends T> elements) {
        requireInitialized("set()");
        Set<Object> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        List<T> adding = new ArrayList<>();
        for (T element : elements) {
            wanted.add(Objects.requireNonNull(element, "element"));
            adding.add(element);
        }
        List<T> removing = new ArrayList<>();
        for (T element : items()) {
            if (!wanted.contains(element)) {
                removing.add(element);
            }
        }
        change(removing, adding, "set()");
    }

    /**
     * Removes, then adds, syncing the other side of each; every element is checked first, so a refused
     * one leaves both sides as they were.
     */
    private void change(List<T> removing, List<T> adding, String operation) {
        for (List<T> elements : List.of(removing, adding)) {
            for (T element : elements) {
                requireOwningSideLoaded(element, operation);
            }
        }
        for (T element : removing) {
            if (removeWithoutSync(element)) {
                syncRemoved(element);
            }
        }
        for (T element : adding) {
            if (addWithoutSync(element)) {
                syncAdded(element);
            }
        }
    }

    /**
     * Loads the elements (one query) when the collection is not initialised, through the EntityManager
     * that read its owner; the collection itself when it is. Cold.
     */
    public Mono<EntityCollection<T>> load() {
        return Mono.defer(() -> {
            if (initialized) {
                return Mono.just(this);
            }
            if (loader == null) {
                return Mono.error(OrmErrors.collectionNotLoadable(describe()));
            }
            return loader.apply(this).thenReturn(this);
        });
    }

    @Override
    public String toString() {
        return describe() + (initialized ? items().toString() : " (not initialized)");
    }

    /** The elements in order, without those removed since the last read. */
    private List<T> items() {
        if (items.size() > members.size()) {
            items.removeIf(element -> !members.contains(element));
        }
        return items;
    }

    private boolean addWithoutSync(T element) {
        // the removed ones out first: an element removed and added again is listed once, at the end
        List<T> current = items();
        if (!members.add(element)) {
            return false;
        }
        current.add(element);
        changes++;
        return true;
    }

    private boolean removeWithoutSync(Object element) {
        if (!members.remove(element)) {
            return false;
        }
        changes++;
        return true;
    }

    private void syncAdded(T element) {
        RelationSide relation = side();
        RelationSide.Accessor inverse = relation.inverse();
        if (inverse == null) {
            return;
        }
        if (relation.kind() == RelationSide.Kind.ONE_TO_MANY) {
            Object previous = inverse.get(element);
            if (previous != null && previous != owner) {
                EntityCollection<?> old = collectionOf(relation, previous);
                if (old != null && old.initialized) {
                    old.removeWithoutSync(element);
                }
            }
            inverse.set(element, owner);
            return;
        }
        EntityCollection<Object> other = inverseCollection(inverse, element);
        if (other != null && other.initialized) {
            other.addWithoutSync(owner);
        }
    }

    /**
     * On the inverse side of a many-to-many, the element's owning collection is what the flush writes,
     * so it must be loaded before this side changes; checked before anything changes.
     */
    private void requireOwningSideLoaded(Object element, String operation) {
        RelationSide relation = side();
        if (relation.kind() != RelationSide.Kind.MANY_TO_MANY || relation.isOwningManyToMany() || relation.inverse() == null) {
            return;
        }
        EntityCollection<Object> other = inverseCollection(relation.inverse(), element);
        if (other != null && !other.initialized) {
            throw OrmErrors.collectionNotInitialized(other.describeWithOwnerField(), operation + " on " + describe()
                    + " (it writes through " + other.describe() + ", the owning side)");
        }
    }

    private void syncRemoved(T element) {
        RelationSide relation = side();
        RelationSide.Accessor inverse = relation.inverse();
        if (inverse == null) {
            return;
        }
        if (relation.kind() == RelationSide.Kind.ONE_TO_MANY) {
            if (inverse.get(element) == owner) {
                inverse.set(element, null);
            }
            return;
        }
        EntityCollection<Object> other = inverseCollection(inverse, element);
        if (other != null && other.initialized) {
            other.removeWithoutSync(owner);
        }
    }

    @SuppressWarnings("unchecked")
    private EntityCollection<Object> inverseCollection(RelationSide.Accessor inverse, Object element) {
        return (EntityCollection<Object>) inverse.get(element);
    }

    /** The collection of the same relation held by another owner (a book's previous author), or null. */
    private static EntityCollection<?> collectionOf(RelationSide relation, Object otherOwner) {
        return relation.owner().isInstance(otherOwner) ? (EntityCollection<?>) relation.get(otherOwner) : null;
    }

    /** Which field of the owner holds this collection; found once, by identity. */
    private RelationSide side() {
        if (side == null) {
            for (RelationSide candidate : RelationSide.of(owner.getClass())) {
                if (candidate.get(owner) == this) {
                    side = candidate;
                    return side;
                }
            }
            throw OrmErrors.invalidArgument("This EntityCollection is not held by a @OneToMany or @ManyToMany field of its owner "
                    + owner.getClass().getName() + "; create it in the field initialiser: new EntityCollection<>(this)");
        }
        return side;
    }

    private String describe() {
        String relation = side == null ? "" : "." + side.name();
        return "collection " + owner.getClass().getSimpleName() + relation;
    }

    private void requireInitialized(String operation) {
        if (!initialized) {
            throw OrmErrors.collectionNotInitialized(describeWithOwnerField(), operation);
        }
    }

    private String describeWithOwnerField() {
        side();
        return describe();
    }

    /** The unit of work's access to a collection's state; not API. */
    private static final class Internals extends CollectionInternals {

        @Override
        protected Object[] snapshot(EntityCollection<?> collection) {
            return collection.snapshot;
        }

        @Override
        protected List<?> elements(EntityCollection<?> collection) {
            return collection.items();
        }

        @Override
        protected void takeSnapshot(EntityCollection<?> collection) {
            collection.snapshot = collection.items().toArray();
        }

        @Override
        protected void clearSnapshot(EntityCollection<?> collection) {
            collection.snapshot = new Object[0];
        }

        @Override
        protected void uninitialize(EntityCollection<?> collection, Function<EntityCollection<?>, Mono<Void>> load) {
            collection.items.clear();
            collection.members.clear();
            collection.changes++;
            collection.snapshot = new Object[0];
            collection.initialized = false;
            collection.loader = load;
        }

        @Override
        protected void hydrate(EntityCollection<?> collection, List<?> elements) {
            replace(collection, elements);
            collection.snapshot = collection.items().toArray();
            collection.initialized = true;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void addLoaded(EntityCollection<?> collection, Object element) {
            ((EntityCollection<Object>) collection).addWithoutSync(element);
        }

        @Override
        protected void removeLoaded(EntityCollection<?> collection, Object element) {
            collection.removeWithoutSync(element);
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void replace(EntityCollection<?> collection, List<?> elements) {
            EntityCollection<Object> target = (EntityCollection<Object>) collection;
            target.items.clear();
            target.members.clear();
            target.changes++;
            for (Object element : elements) {
                target.addWithoutSync(element);
            }
        }
    }
}
