package io.reactiveorm.tests;

import io.reactiveorm.sql.StatementEvent;
import io.reactiveorm.sql.StatementListener;

import java.util.ArrayList;
import java.util.List;

/** Records every statement a driver sends, so tests can assert exactly what went to the database. */
final class StatementLog implements StatementListener {

    private final List<StatementEvent> events = new ArrayList<>();

    @Override
    public synchronized void onStatement(StatementEvent event) {
        events.add(event);
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
