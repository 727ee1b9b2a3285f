package io.reactiveorm.tests;

import io.reactiveorm.spi.Driver;
import reactor.core.publisher.Mono;

/** A Driver over {@code inner}'s connections that leaves closing them to {@code inner}'s owner; subclasses decorate {@link #withConnection}. */
abstract class DelegatingDriver implements Driver {
    final Driver inner;

    DelegatingDriver(Driver inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Mono<Void> close() {
        return Mono.empty();
    }
}
