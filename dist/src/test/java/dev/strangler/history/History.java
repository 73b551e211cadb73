package dev.strangler.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every operation the clients ran and every fault the nemesis caused, on one clock (nanoseconds since the history
 * began), with the wall-clock time of its start so that they can be set beside the ledger's timestamps.
 */
final class History {

    /** A fault or an operator's action, as the nemesis did it. */
    record Event(long at, String what) {
        @Override
        public String toString() {
            return "+" + at / 1_000_000 + " ms " + what;
        }
    }

    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final List<Op> ops = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    long now() {
        return System.nanoTime() - startNanos;
    }

    /** The wall-clock time (epoch milliseconds) of a point of this history. */
    long wallMillis(long at) {
        return startMillis + at / 1_000_000;
    }

    synchronized void add(Op op) {
        ops.add(op);
    }

    synchronized void event(String what) {
        events.add(new Event(now(), what));
    }

    synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Each user's operations in the order they were sent (one client per user: the order they happened in). */
    Map<String, List<Op>> byUser() {
        return ops().stream().sorted(Comparator.comparingLong(Op::invoked))
                .collect(Collectors.groupingBy(Op::user, TreeMap::new, Collectors.toList()));
    }

    /** The nemesis's events between two points, for explaining a violation. */
    List<Event> eventsBetween(long from, long to) {
        return events().stream().filter(e -> e.at() >= from && e.at() <= to).toList();
    }
}
