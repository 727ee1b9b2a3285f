package io.reactiveorm.spi;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.function.Function;

/**
 * What the unit of work talks to: a source of {@link DriverConnection}s. Implemented by the driver
 * modules (R2DBC in reactive-sql); core never sees their types.
 *
 * <p>Thread-safety: implementations are thread-safe and shared by every EntityManager of an Orm.
 */
public interface Driver {

    /**
     * Runs {@code work} on a connection and releases the connection when the returned publisher
     * completes, fails or is cancelled. Cold: nothing happens until subscription.
     */
    <T> Flux<T> withConnection(Function<? super DriverConnection, ? extends Publisher<T>> work);

    /** A short name for messages, e.g. {@code "PostgreSQL"}; may be resolved on first connection. */
    String name();

    /** Releases the driver's resources (the pool); cold. */
    Mono<Void> close();
}
