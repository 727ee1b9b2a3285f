package io.reactiveorm.tests.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Smoke test: every test database starts, answers through its pool and gets its connection back. */
class TestDatabaseIT {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void selectOneRunsThroughThePoolAndReturnsTheConnection(TestDatabase database) {
        // resolve on the test thread: starting a server blocks, which BlockHound forbids on Reactor threads
        ConnectionFactory factory = database.connectionFactory();
        System.err.println("TestDatabaseIT uses " + database.describe());
        AtomicInteger acquiredDuringQuery = new AtomicInteger(-1);

        Mono<Integer> selectOne = Mono.usingWhen(
                        factory.create(),
                        connection -> Mono.from(connection.createStatement("SELECT 1").execute())
                                .flatMap(result -> Mono.from(result.map((row, meta) -> ((Number) row.get(0)).intValue())))
                                .doOnNext(one -> acquiredDuringQuery.set(database.acquiredConnections())),
                        Connection::close)
                // run the driver from a non-blocking thread so BlockHound watches all of it
                .subscribeOn(Schedulers.parallel());

        StepVerifier.create(selectOne)
                .expectNext(1)
                .expectComplete()
                .verify(Duration.ofSeconds(30));

        assertThat(acquiredDuringQuery.get()).as("connections acquired from the %s pool during the query", database)
                .isPositive();
        assertThat(database.acquiredConnections()).as("connections still acquired from the %s pool", database)
                .isZero();
    }
}
