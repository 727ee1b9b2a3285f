package io.reactiveorm.tests;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on the test thread for something that happens after a cancel returned (a rollback, a release). */
public final class Polling {

    private Polling() {
    }

    /** Polls {@code condition} on the test thread (never a Reactor thread) until it holds or {@code limit} passed. */
    public static boolean awaitTrue(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
