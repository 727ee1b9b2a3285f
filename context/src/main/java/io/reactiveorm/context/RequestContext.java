package io.reactiveorm.context;

import io.reactiveorm.EntityManager;
import io.reactiveorm.Orm;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Binds a fork of the EntityManager to a reactive pipeline through the Reactor Context, MikroORM's
 * {@code RequestContext} for Reactor: everything that runs inside the pipeline, on whatever thread,
 * finds that fork ({@link #entityManager(Orm)}, or any {@link ContextEntityManager}), and two pipelines
 * never share one.
 *
 * <pre>{@code
 * Mono<Author> renamed = RequestContext.with(orm,
 *         em.findOne(Author.class, id).doOnNext(a -> a.setName(name)).flatMap(a -> em.flush().thenReturn(a)));
 * }</pre>
 * where {@code em} is a {@link ContextEntityManager} shared by the whole application.
 *
 * <h2>Scopes</h2>
 * {@link #with(Orm, Mono)} (and its operator form {@link #bind(Orm)}) takes a new fork at every
 * subscription, binds it for the pipeline and closes it ({@link EntityManager#close()}) when the
 * pipeline completes, fails or is cancelled, before that signal goes on: a publisher that escapes the
 * scope and touches the fork later fails with {@code RO-3009} instead of working on a stale identity
 * map. A scope inside a scope binds a new fork for its own pipeline (a nested context) and leaves the
 * outer one as it was. {@link #perMessage} and {@link #job} are the same scope for a consumer's
 * messages and a scheduled job's runs; {@code RequestContextWebFilter} is the scope of an HTTP request.
 *
 * <p>One Context key, {@link #CONTEXT_KEY}, holds at most one EntityManager per {@link Orm}, so an
 * application with two Orms binds both in one pipeline and each finds its own.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread. What a scope binds is
 * one fork per subscription, which runs one operation at a time (see {@link EntityManager}).
 */
public final class RequestContext {

    /**
     * The Reactor Context key under which the bound EntityManagers travel (and the key of
     * {@link EntityManagerThreadLocalAccessor}). Its value is opaque: read it with
     * {@link #entityManager(Orm)}.
     */
    public static final String CONTEXT_KEY = "io.reactiveorm.context.EntityManager";

    private RequestContext() {
    }

    /**
     * Runs {@code pipeline} with a new fork of {@code orm} bound to it.
     *
     * <p>At each subscription: takes {@code orm.fork()}, subscribes {@code pipeline} with the fork in
     * its Context, and closes the fork when the pipeline emits its value, completes empty, fails or is
     * cancelled, before the signal reaches the subscriber. Signals are those of {@code pipeline};
     * cancelling cancels it (which rolls back a transaction it has open).
     *
     * @throws NullPointerException at once when an argument is null
     */
    public static <T> Mono<T> with(Orm orm, Mono<T> pipeline) {
        Objects.requireNonNull(orm, "orm");
        Objects.requireNonNull(pipeline, "pipeline");
        return Mono.defer(() -> {
            EntityManager fork = orm.fork();
            Runnable close = fork::close;
            return pipeline.contextWrite(context -> Binding.bind(context, orm, fork)).doOnTerminate(close).doOnCancel(close);
        });
    }

    /**
     * {@link #with(Orm, Mono)} for a {@link Flux}: the fork is bound while the Flux emits and closed
     * when it completes, fails or is cancelled, before that signal reaches the subscriber.
     */
    public static <T> Flux<T> with(Orm orm, Flux<T> pipeline) {
        Objects.requireNonNull(orm, "orm");
        Objects.requireNonNull(pipeline, "pipeline");
        return Flux.defer(() -> {
            EntityManager fork = orm.fork();
            Runnable close = fork::close;
            return pipeline.contextWrite(context -> Binding.bind(context, orm, fork)).doOnTerminate(close).doOnCancel(close);
        });
    }

    /**
     * {@link #with} as an operator, for {@code transform} and {@code transformDeferred}:
     * {@code mono.transformDeferred(RequestContext.bind(orm))}. Given a Mono it returns a Mono, given
     * any other publisher a Flux.
     */
    public static <T> Function<Publisher<T>, Publisher<T>> bind(Orm orm) {
        Objects.requireNonNull(orm, "orm");
        return source -> source instanceof Mono<T> mono ? with(orm, mono) : with(orm, Flux.from(source));
    }

    /**
     * A Context function that binds a new fork of {@code orm} at each subscription:
     * {@code .contextWrite(RequestContext.fork(orm))}. Nothing marks the end of a {@code contextWrite},
     * so this fork is never closed: prefer {@link #with} or {@link #bind}, which close it and so report
     * a fork used after its pipeline ended.
     */
    public static Function<Context, Context> fork(Orm orm) {
        Objects.requireNonNull(orm, "orm");
        return context -> Binding.bind(context, orm, orm.fork());
    }

    /**
     * The EntityManager bound for {@code orm} in the Context of the subscription: the scope's fork, or
     * inside {@link ContextEntityManager#transactional} the transaction's EntityManager. Emits it, or
     * fails with {@code RO-5001} when none is bound. Cold; ignores
     * {@link ContextEntityManager#withGlobalContext global contexts}.
     */
    public static Mono<EntityManager> entityManager(Orm orm) {
        Objects.requireNonNull(orm, "orm");
        return Mono.deferContextual(context -> {
            EntityManager bound = Binding.find(context, orm);
            return bound != null ? Mono.just(bound)
                    : Mono.error(ContextErrors.noBoundFork("RequestContext.entityManager(orm)", Binding.anyBound(context)));
        });
    }

    /**
     * A message handler that runs every message in a scope of its own, for queue and stream consumers:
     * {@code messages.concatMap(RequestContext.perMessage(orm, this::handle))} (or {@code flatMap} with a
     * concurrency: each message still has its own fork). The handler is called at subscription.
     * Binding one scope around the whole stream instead would make every message share, and grow, one
     * identity map, and a concurrent {@code flatMap} fail with RO-3007.
     */
    public static <M, R> Function<M, Mono<R>> perMessage(Orm orm, Function<? super M, ? extends Mono<? extends R>> handler) {
        Objects.requireNonNull(orm, "orm");
        Objects.requireNonNull(handler, "handler");
        return message -> with(orm, Mono.<R>defer(() -> handler.apply(message)));
    }

    /**
     * A scheduled job whose every run has a scope of its own: each subscription calls {@code run} and
     * binds a new fork around what it returns. Subscribe it on every tick, e.g.
     * {@code Flux.interval(period).onBackpressureDrop().concatMap(tick -> job)} (a run that outlasts
     * the period skips the ticks it missed instead of overlapping), or return it from a Spring
     * {@code @Scheduled} method.
     */
    public static <T> Mono<T> job(Orm orm, Supplier<? extends Mono<? extends T>> run) {
        Objects.requireNonNull(orm, "orm");
        Objects.requireNonNull(run, "run");
        return with(orm, Mono.<T>defer(run));
    }
}
