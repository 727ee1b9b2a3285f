package io.reactiveorm.context.webflux;

import io.reactiveorm.Orm;
import io.reactiveorm.context.RequestContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Objects;

/**
 * Binds a new fork of the EntityManager to every request, for the handlers and everything they call
 * through a {@link io.reactiveorm.context.ContextEntityManager} or
 * {@link RequestContext#entityManager(Orm)}; closes it when the response is complete, or when the
 * request is cancelled (the client went away), which also rolls back a transaction the request had
 * open and releases its connection. It is {@link RequestContext#with(Orm, Mono)} around the rest of
 * the filter chain.
 *
 * <p>Register it like any {@link WebFilter}: as a bean in a Spring application (Spring Boot applies
 * every {@code WebFilter} bean), with {@code WebHttpHandlerBuilder.webHandler(...).filter(...)}, or for
 * functional routes with {@code RouterFunctions.toHttpHandler(routes,
 * HandlerStrategies.builder().webFilter(filter).build())}. Filters placed before it see no fork.
 *
 * <p>Thread-safety: immutable and thread-safe; one instance serves every request.
 */
public final class RequestContextWebFilter implements WebFilter {

    private final Orm orm;

    /** A filter binding forks of {@code orm}. */
    public RequestContextWebFilter(Orm orm) {
        this.orm = Objects.requireNonNull(orm, "orm");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return RequestContext.with(orm, chain.filter(exchange));
    }
}
