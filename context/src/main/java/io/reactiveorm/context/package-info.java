/**
 * Request contexts: a fork of the EntityManager carried by the Reactor Context, MikroORM's
 * {@code RequestContext} with the Reactor Context in the role of AsyncLocalStorage.
 *
 * <ul>
 *   <li>{@link io.reactiveorm.context.RequestContext} binds a new fork for a pipeline (and closes it at
 *       the end), per message, per job run; it reads the bound one.</li>
 *   <li>{@link io.reactiveorm.context.ContextEntityManager} is the EntityManager to inject anywhere:
 *       every call resolves the bound fork at subscription; {@code transactional} puts the transaction's
 *       EntityManager into the Context of its work.</li>
 *   <li>{@code io.reactiveorm.context.webflux.RequestContextWebFilter} is the scope of an HTTP request
 *       (spring-webflux is an optional dependency).</li>
 *   <li>{@link io.reactiveorm.context.EntityManagerThreadLocalAccessor} copies the bound fork to
 *       ThreadLocals through Micrometer context-propagation (optional dependency).</li>
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>One Context key ({@link io.reactiveorm.context.RequestContext#CONTEXT_KEY}), whose value holds
 *       one EntityManager per Orm, so several Orms share a pipeline.</li>
 *   <li>Concurrent use of one fork is detected by core (one compare-and-set per operation, no thread
 *       affinity). Call sites cost a stack walk (about 2.5 µs measured on the build machine, against
 *       about 15 ns for recording the operation's name and arguments); they are recorded unless the Orm
 *       is built with {@code captureCallSites(false)} (or {@code -Dreactiveorm.captureCallSites=false}),
 *       and the context-bound EntityManager records the line of the application's call, at assembly.</li>
 *   <li>A global context is opt-in per instance ({@code ContextEntityManager.withGlobalContext(orm)}),
 *       never a silent fallback.</li>
 *   <li>Scopes close their fork before their last signal goes on, so a publisher that escaped its
 *       request fails with RO-3009 instead of working on a stale identity map. {@code RequestContext.fork}
 *       (the {@code contextWrite} form) cannot close its fork and says so.</li>
 * </ul>
 */
package io.reactiveorm.context;
