package io.reactiveorm.bench;

import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.R2dbcDriver;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * The ORM contender: the workloads as an application writes them with reactive-orm, flush mode
 * AUTO, a fresh fork of the EntityManager per run (and per lookup in fetch1k), on the same pool as
 * the raw contender. Two configurations run: the default batch size (300 rows per statement) and
 * 2,500 rows per statement, the chunk the raw contender found fastest.
 *
 * <p>Thread-safety: one workload at a time, as {@link Workloads} requires.
 */
final class OrmWorkloads implements Workloads {

    /** Rows per statement of the tuned configuration. */
    static final int BULK_BATCH_SIZE = 2_500;

    private final Orm orm;
    private final String name;

    private OrmWorkloads(BenchEnvironment environment, int batchSize, String name) {
        this.orm = Orm.builder()
                .entities(PersonEntity.class, AuthorEntity.class, BookEntity.class)
                .driver(R2dbcDriver.create(environment.connectionFactory()))
                .batchSize(batchSize)
                .build();
        this.name = name;
    }

    /** The ORM with every default. */
    static OrmWorkloads defaults(BenchEnvironment environment) {
        return named(environment, "orm");
    }

    /** The ORM with every default, named {@code name} in the result table. */
    static OrmWorkloads named(BenchEnvironment environment, String name) {
        return new OrmWorkloads(environment, Orm.DEFAULT_BATCH_SIZE, name);
    }

    /** The ORM with {@link #BULK_BATCH_SIZE} rows per statement. */
    static OrmWorkloads bulk(BenchEnvironment environment) {
        return new OrmWorkloads(environment, BULK_BATCH_SIZE, "orm-b" + BULK_BATCH_SIZE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<List<PersonEntity>> insert10k() {
        return Mono.defer(() -> {
            EntityManager em = orm.fork();
            List<PersonEntity> persons = new ArrayList<>(SampleData.ROWS);
            for (int i = 0; i < SampleData.ROWS; i++) {
                persons.add(em.persist(new PersonEntity(i)));
            }
            return em.flush().thenReturn(persons);
        });
    }

    @Override
    public Mono<Integer> update10k() {
        return Mono.defer(() -> {
            EntityManager em = orm.fork();
            return em.find(PersonEntity.class, Filter.all())
                    .doOnNext(person -> person.setAge(person.getAge() + 1))
                    .count()
                    .flatMap(count -> em.flush().thenReturn(count.intValue()));
        });
    }

    @Override
    public Mono<Integer> delete10k() {
        return Mono.defer(() -> {
            EntityManager em = orm.fork();
            return em.find(PersonEntity.class, Filter.all())
                    .doOnNext(em::remove)
                    .count()
                    .flatMap(count -> em.flush().thenReturn(count.intValue()));
        });
    }

    @Override
    public Mono<List<PersonEntity>> find10k() {
        return Mono.defer(() -> orm.fork().find(PersonEntity.class, Filter.all()).collectList());
    }

    @Override
    public Mono<List<PersonEntity>> fetch1k(long[] ids) {
        return Flux.range(0, ids.length)
                .concatMap(i -> orm.fork().findOne(PersonEntity.class, ids[i]))
                .collectList();
    }

    /** The books reach the flush through the authors' cascade; the load runs in a fork that has never seen them. */
    @Override
    public Mono<List<AuthorEntity>> graph10k() {
        return Mono.defer(() -> {
            EntityManager em = orm.fork();
            for (int a = 0; a < SampleData.AUTHORS; a++) {
                em.persist(new AuthorEntity(a));
            }
            return em.flush();
        }).then(Mono.defer(() -> orm.fork().find(Query.of(AuthorEntity.class).populate("books")).collectList()));
    }
}
