package io.reactiveorm.tests;

import io.reactiveorm.sql.StatementEvent;
import io.reactiveorm.sql.StatementListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every statement a driver sends, so tests can assert exactly what went to the database, and
 * can run an action when a chosen statement has finished (to cancel an operation at that point).
 */
final class StatementLog implements StatementListener {

    private final List<StatementEvent> events = new ArrayList<>();
    // guarded by this
    private Runnable action;
    private int statementsToGo;

    @Override
    public void onStatement(StatementEvent event) {
        Runnable due = null;
        synchronized (this) {
            events.add(event);
            if (action != null && --statementsToGo == 0) {
                due = action;
                action = null;
            }
        }
        // outside the lock: the action may start statements of its own
        if (due != null) {
            due.run();
        }
    }

    /**
     * Runs {@code then} once, when the {@code n}-th statement from now has finished: on the thread that
     * reports it, before the operation that sent it sees the statement's result.
     */
    synchronized void afterStatements(int n, Runnable then) {
        statementsToGo = n;
        action = then;
    }

    synchronized List<StatementEvent> events() {
        return List.copyOf(events);
    }

    synchronized long count(String verb) {
        return events.stream().filter(e -> e.verb().equals(verb)).count();
    }

    synchronized int size() {
        return events.size();
    }

    synchronized List<String> sql(String verb) {
        return events.stream().filter(e -> e.verb().equals(verb)).map(StatementEvent::sql).toList();
    }

    synchronized void clear() {
        events.clear();
    }
}
