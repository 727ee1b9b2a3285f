package io.reactiveorm.demo;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import io.reactiveorm.query.Filter;
import io.reactiveorm.query.Query;
import io.reactiveorm.sql.R2dbcDriver;
import io.reactiveorm.sql.SchemaGenerator;
import io.reactiveorm.sql.StatementEvent;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The demo: maps two entities, creates the schema in an in-memory H2 database, persists, modifies
 * and removes a few thousand rows, and prints what it did and every statement it sent.
 * Run with {@code mvn -q -pl tests -am compile exec:java}.
 */
public final class Demo {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private Demo() {
    }

    public static void main(String[] args) {
        ConcurrentLinkedQueue<StatementEvent> statements = new ConcurrentLinkedQueue<>();
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration
                .builder(ConnectionFactories.get("r2dbc:h2:mem:///demo;DB_CLOSE_DELAY=-1")).maxSize(4).build());
        Orm orm = Orm.builder()
                .entities(Product.class, StockMovement.class)
                .driver(R2dbcDriver.create(pool, statements::add))
                .build();
        try {
            run(orm, statements);
        } finally {
            orm.close().block(TIMEOUT);
        }
    }

    private static void run(Orm orm, ConcurrentLinkedQueue<StatementEvent> statements) {
        SchemaGenerator.of(orm).create().block(TIMEOUT);
        report("create the schema", statements);

        EntityManager em = orm.fork();
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            products.add(em.persist(new Product("SKU-" + i, "Product " + i, BigDecimal.valueOf(100 + i % 900, 2), 10)));
        }
        em.flush().block(TIMEOUT);
        report("persist 2,000 products, one flush", statements);

        Instant now = Instant.now();
        for (Product product : products) {
            em.persist(new StockMovement(product.getId(), StockMovement.Kind.RECEIVED, 10, now));
        }
        em.flush().block(TIMEOUT);
        report("persist 2,000 stock movements (ids from a pooled sequence)", statements);

        EntityManager request = orm.fork();
        List<Product> cheap = request.find(Query.of(Product.class).where(Filter.lt("price", new BigDecimal("3.00")))).collectList().block(TIMEOUT);
        cheap.forEach(p -> p.setPrice(p.getPrice().add(BigDecimal.ONE)));
        request.flush().block(TIMEOUT);
        report("load " + cheap.size() + " products under 3.00 in a fresh fork, raise each price, flush", statements);

        Product first = request.findOne(Product.class, products.get(0).getId()).block(TIMEOUT);
        report("findOne of a product the fork already manages: " + first.getSku() + " (no query)", statements);

        int sold = request.transactional(tx -> tx.find(Product.class, Filter.like("sku", "SKU-1__"))
                .doOnNext(p -> {
                    p.setStock(p.getStock() - 3);
                    tx.persist(new StockMovement(p.getId(), StockMovement.Kind.SOLD, 3, Instant.now()));
                })
                .count()
                .map(Long::intValue)).block(TIMEOUT);
        report("sell 3 of each of " + sold + " products in one transaction", statements);

        List<Product> discontinued = request.find(Product.class, Filter.gte("price", new BigDecimal("9.00"))).collectList().block(TIMEOUT);
        discontinued.forEach(request::remove);
        request.flush().block(TIMEOUT);
        report("remove " + discontinued.size() + " products priced 9.00 or more", statements);

        long left = orm.fork().count(Product.class, Filter.all()).block(TIMEOUT);
        long movements = orm.fork().count(StockMovement.class, Filter.all()).block(TIMEOUT);
        report(left + " products and " + movements + " stock movements remain", statements);
    }

    private static void report(String what, ConcurrentLinkedQueue<StatementEvent> statements) {
        Map<String, Integer> byVerb = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        StatementEvent event;
        while ((event = statements.poll()) != null) {
            byVerb.merge(event.verb(), 1, Integer::sum);
            String sql = event.sql().length() > 150 ? event.sql().substring(0, 147) + "..." : event.sql();
            lines.add(String.format("    %5d ms %6d rows  %s", event.elapsed().toMillis(), event.rows(), sql));
        }
        System.out.println("== " + what);
        System.out.println("   statements: " + (byVerb.isEmpty() ? "none" : byVerb));
        lines.forEach(System.out::println);
    }
}
