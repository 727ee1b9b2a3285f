package io.reactiveorm.context;

import io.reactiveorm.OrmException;

/**
 * The one place that builds the context module's errors and warnings, codes RO-5xxx. Each message
 * says what failed and how to fix it; the core errors the module surfaces (RO-3007 concurrent use,
 * RO-3008 flush inside a flush, RO-3009 use after close) are built by core.
 */
final class ContextErrors {

    private static final String HOW_TO_BIND = "Bind a fork around the pipeline that makes the call:"
            + " RequestContext.with(orm, pipeline), .transformDeferred(RequestContext.bind(orm)) or"
            + " .contextWrite(RequestContext.fork(orm)); in WebFlux register RequestContextWebFilter; per message"
            + " RequestContext.perMessage(orm, handler); per job run RequestContext.job(orm, job).";

    private ContextErrors() {
    }

    static OrmException noBoundFork(String call, boolean otherOrmsBound) {
        return new OrmException("RO-5001", call + " found no EntityManager bound to the Reactor Context of its"
                + " subscription" + (otherOrmsBound ? " for this Orm (only EntityManagers of other Orms are bound)" : "")
                + ". " + HOW_TO_BIND + " A Context travels upstream only: the binding must sit below the call in the"
                + " chain (between it and the subscriber), and a pipeline started with subscribe() or block() inside a"
                + " request does not inherit the request's Context. Code with no request (scripts, tests) may opt into"
                + " one shared EntityManager with ContextEntityManager.withGlobalContext(orm).");
    }

    static OrmException noForkOnThread(String threadName) {
        return new OrmException("RO-5003", "No EntityManager of this Orm is visible to ThreadLocal-based code on thread "
                + threadName + ". EntityManagerThreadLocalAccessor copies the fork bound in the Reactor Context to this"
                + " thread only where Micrometer context-propagation restores ThreadLocals: enable it with"
                + " Hooks.enableAutomaticContextPropagation() (the accessor registers itself through ServiceLoader),"
                + " or open a scope with ContextSnapshotFactory.builder().build().setThreadLocalsFrom(contextView,"
                + " RequestContext.CONTEXT_KEY). And the pipeline must have a fork bound: " + HOW_TO_BIND);
    }

    static String cancelledTransaction(String call) {
        return "RO-5002: " + call + " was cancelled before it completed (its request or subscriber went away):"
                + " its transaction, if begun, is rolled back (unless its COMMIT had already been sent, in which case it"
                + " commits) and its connection released.";
    }
}
