package io.reactiveorm;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard with work that settles on its own after a cancel, as {@link SettlingTransaction} reports
 * it: who waits, who is rejected, and when the guard is free again. No database: the "work" is a token.
 */
class OperationGuardTest {

    private final OperationGuard guard = new OperationGuard();
    private final List<String> seen = new ArrayList<>();

    private static OperationGuard.Operation operation(String name) {
        return new OperationGuard.Operation(name, null, null, null);
    }

    /** Holds the guard for a flush that starts work which settles on its own, and never ends by itself. */
    private Disposable flushWithSettlingWork(AtomicReference<OperationGuard.Settle> settle) {
        return guard.hold(operation("flush"), Mono.fromRunnable(() -> settle.set(guard.settling())).then(Mono.never()))
                .subscribe();
    }

    private void record(Mono<String> operation) {
        operation.subscribe(seen::add, error -> seen.add(error.getMessage()));
    }

    @Test
    void aCancelledOperationKeepsTheGuardUntilItsWorkHasSettledAndTheNextOneWaitsForThat() {
        AtomicReference<OperationGuard.Settle> settle = new AtomicReference<>();
        flushWithSettlingWork(settle).dispose();

        record(guard.hold(operation("flush"), Mono.just("second flush")));
        guard.hold(operation("find"), Flux.just("row 1", "row 2")).subscribe(seen::add, error -> seen.add(error.getMessage()));
        assertThat(seen).isEmpty();

        guard.settled(settle.get());

        assertThat(seen).containsExactly("second flush", "row 1", "row 2");
    }

    @Test
    void aRunningOperationStillRejectsAnotherAtOnceWhileItsWorkSettles() {
        AtomicReference<OperationGuard.Settle> settle = new AtomicReference<>();
        Disposable running = flushWithSettlingWork(settle);

        record(guard.hold(operation("count"), Mono.just("count")));
        record(guard.hold(operation("flush"), Mono.just("flush")));

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).startsWith("RO-3007: count() was started on an EntityManager while flush() is still in flight");
        assertThat(seen.get(1)).startsWith("RO-3008: flush() was called while a flush() of the same EntityManager is running");
        running.dispose();
        guard.settled(settle.get());
    }

    @Test
    void aCancelledOperationWithNothingSettlingLeavesAtOnce() {
        guard.hold(operation("find"), Mono.never()).subscribe().dispose();

        record(guard.hold(operation("count"), Mono.just("count")));

        assertThat(seen).containsExactly("count");
    }

    @Test
    void workThatSettledBeforeTheCancelKeepsNothing() {
        AtomicReference<OperationGuard.Settle> settle = new AtomicReference<>();
        Disposable running = flushWithSettlingWork(settle);
        guard.settled(settle.get());

        running.dispose();
        record(guard.hold(operation("count"), Mono.just("count")));

        assertThat(seen).containsExactly("count");
    }

    @Test
    void workDoesNotStartForAnOperationThatWasCancelled() {
        guard.hold(operation("flush"), Mono.never()).subscribe().dispose();

        assertThat(guard.settling()).isNull();
    }

    @Test
    void closingWhileWorkSettlesFailsTheWaitingOperationOnceItHasSettled() {
        AtomicReference<OperationGuard.Settle> settle = new AtomicReference<>();
        flushWithSettlingWork(settle).dispose();
        record(guard.hold(operation("flush"), Mono.just("second flush")));

        guard.close("closed by the test");
        assertThat(seen).isEmpty();
        guard.settled(settle.get());

        assertThat(seen).singleElement().asString().startsWith("RO-3009: flush() was called on an EntityManager that is closed: closed by the test");
        record(guard.hold(operation("count"), Mono.just("count")));
        assertThat(seen.get(1)).startsWith("RO-3009: count()");
    }

    @Test
    void aWaitingOperationThatIsCancelledNeverRuns() {
        AtomicReference<OperationGuard.Settle> settle = new AtomicReference<>();
        flushWithSettlingWork(settle).dispose();

        guard.hold(operation("flush"), Mono.fromCallable(() -> seen.add("ran"))).subscribe().dispose();
        guard.settled(settle.get());
        record(guard.hold(operation("count"), Mono.just("count")));

        assertThat(seen).containsExactly("count");
    }
}
