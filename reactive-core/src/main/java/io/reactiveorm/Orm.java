package io.reactiveorm;

import io.reactiveorm.internal.OrmErrors;
import io.reactiveorm.metadata.Metadata;
import io.reactiveorm.metadata.NamingStrategy;
import io.reactiveorm.spi.Driver;
import io.reactiveorm.unitofwork.ChangeSetPersister;
import io.reactiveorm.unitofwork.SequenceAllocator;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The entry point: entity metadata, validated once, and a {@link Driver}. Create one per
 * application and take an {@link EntityManager} per request or job with {@link #fork()}.
 *
 * <pre>{@code
 * Orm orm = Orm.builder()
 *         .entities(Person.class)
 *         .driver(R2dbcDriver.create(connectionFactory))
 *         .build();
 * EntityManager em = orm.fork();
 * }</pre>
 *
 * <p>Thread-safety: immutable and thread-safe.
 */
public final class Orm {

    /** Statements per flush batch when not configured: rows per INSERT, UPDATE and DELETE. */
    public static final int DEFAULT_BATCH_SIZE = 300;

    /** How long a batch of {@link EntityManager#load} calls waits for another load before it is sent, when not configured. */
    public static final Duration DEFAULT_LOAD_QUIET = Duration.ofMillis(5);

    /** The longest a batch of {@link EntityManager#load} calls stays open while loads keep joining it, when not configured. */
    public static final Duration DEFAULT_LOAD_MAX_WAIT = Duration.ofMillis(50);

    /** The system property that sets {@link Builder#captureCallSites(boolean)} when the builder is not told (default true). */
    public static final String CAPTURE_CALL_SITES_PROPERTY = "reactiveorm.captureCallSites";

    private final Metadata metadata;
    private final Driver driver;
    private final FlushMode flushMode;
    private final ChangeSetPersister persister;
    private final boolean captureCallSites;
    private final Duration loadQuiet;
    private final Duration loadMaxWait;

    private Orm(Builder builder) {
        this.metadata = Metadata.discover(builder.entities, builder.naming);
        this.driver = builder.driver;
        this.flushMode = builder.flushMode;
        this.persister = new ChangeSetPersister(builder.batchSize, new SequenceAllocator());
        this.captureCallSites = builder.captureCallSites;
        this.loadQuiet = builder.loadQuiet;
        this.loadMaxWait = builder.loadMaxWait;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new EntityManager with its own empty identity map and unit of work. */
    public EntityManager fork() {
        return new DefaultEntityManager(this);
    }

    public Metadata metadata() {
        return metadata;
    }

    public Driver driver() {
        return driver;
    }

    /** The flush mode new EntityManagers start with. */
    public FlushMode flushMode() {
        return flushMode;
    }

    /**
     * Whether every EntityManager operation records the line of code that called it, so that the
     * errors for concurrent use (RO-3007) and a flush inside a flush (RO-3008) name both lines.
     */
    public boolean captureCallSites() {
        return captureCallSites;
    }

    /** How long a batch of loads waits for another load before it is sent; see {@link Builder#loadBatchWindow}. */
    public Duration loadQuiet() {
        return loadQuiet;
    }

    /** The longest a batch of loads stays open; see {@link Builder#loadBatchWindow}. */
    public Duration loadMaxWait() {
        return loadMaxWait;
    }

    ChangeSetPersister persister() {
        return persister;
    }

    /** Closes the driver (its connection pool); cold. */
    public Mono<Void> close() {
        return driver.close();
    }

    /** Configures an {@link Orm}. Not thread-safe. */
    public static final class Builder {
        private final List<Class<?>> entities = new ArrayList<>();
        private Driver driver;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private FlushMode flushMode = FlushMode.AUTO;
        private NamingStrategy naming = NamingStrategy.snakeCase();
        private boolean captureCallSites = Boolean.parseBoolean(System.getProperty(CAPTURE_CALL_SITES_PROPERTY, "true"));
        private Duration loadQuiet = DEFAULT_LOAD_QUIET;
        private Duration loadMaxWait = DEFAULT_LOAD_MAX_WAIT;

        private Builder() {
        }

        /** Registers entity classes (annotated with {@code @Entity}). */
        public Builder entities(Class<?>... types) {
            return entities(List.of(types));
        }

        public Builder entities(Collection<Class<?>> types) {
            entities.addAll(types);
            return this;
        }

        public Builder driver(Driver newDriver) {
            this.driver = Objects.requireNonNull(newDriver, "driver");
            return this;
        }

        /** Rows per INSERT, UPDATE and DELETE statement of a flush; default {@value #DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int rows) {
            if (rows < 1) {
                throw OrmErrors.invalidArgument("batchSize must be at least 1, got " + rows);
            }
            this.batchSize = rows;
            return this;
        }

        public Builder flushMode(FlushMode mode) {
            this.flushMode = Objects.requireNonNull(mode, "flushMode");
            return this;
        }

        /**
         * Records, for every reactive EntityManager operation, the line of code that called it (one
         * stack walk, a few microseconds per operation, at assembly), so that RO-3007 and RO-3008 name
         * the lines of both operations. On by default (or as the system property
         * {@value #CAPTURE_CALL_SITES_PROPERTY} says); turned off, those errors name the operations,
         * their arguments and threads only, and each operation saves the stack walk.
         */
        public Builder captureCallSites(boolean capture) {
            this.captureCallSites = capture;
            return this;
        }

        /**
         * The batching window of the data-loader behind {@link EntityManager#load}: a batch of loads is
         * sent once no load has joined it for {@code quiet}, and at the latest {@code maxWait} after its
         * first load was subscribed. Every load step waits at least {@code quiet} (a lone load too), so a
         * shorter window lowers latency and a longer one coalesces loads subscribed further apart (a thread
         * descheduled mid-burst on a loaded machine splits a batch whose window is shorter than the pause).
         * {@code Duration.ZERO} sends a batch as soon as the timer thread picks it up, with the loads that
         * joined until then. Defaults: {@link #DEFAULT_LOAD_QUIET} and {@link #DEFAULT_LOAD_MAX_WAIT}.
         */
        public Builder loadBatchWindow(Duration quiet, Duration maxWait) {
            Objects.requireNonNull(quiet, "quiet");
            Objects.requireNonNull(maxWait, "maxWait");
            if (quiet.isNegative() || maxWait.isNegative()) {
                throw OrmErrors.invalidArgument("loadBatchWindow needs durations of zero or more, got quiet="
                        + quiet + " and maxWait=" + maxWait);
            }
            this.loadQuiet = quiet;
            this.loadMaxWait = maxWait;
            return this;
        }

        /** How unnamed tables and columns are named; default camelCase -> snake_case. */
        public Builder namingStrategy(NamingStrategy strategy) {
            this.naming = Objects.requireNonNull(strategy, "namingStrategy");
            return this;
        }

        /**
         * Discovers and validates every entity and builds the Orm.
         *
         * @throws MappingException naming the class and property of the first invalid mapping
         */
        public Orm build() {
            if (driver == null) {
                throw OrmErrors.invalidArgument("Orm.builder() needs a driver, e.g. .driver(R2dbcDriver.create(connectionFactory))");
            }
            if (entities.isEmpty()) {
                throw OrmErrors.invalidArgument("Orm.builder() needs at least one entity class in .entities(...)");
            }
            return new Orm(this);
        }
    }
}
