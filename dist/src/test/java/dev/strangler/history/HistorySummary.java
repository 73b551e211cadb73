package dev.strangler.history;

import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a history did and what the checker found, as text: the seed first (to reproduce it), then operations by kind
 * and outcome, who served them, latencies, the nemesis's actions, final states and ledger outcomes, verify, and
 * every violation with the user's operations, ledger entries and the faults around it.
 */
final class HistorySummary {

    private HistorySummary() {
    }

    static String of(HistorySettings settings, History history, FinalState last, JsonObject verify,
                     List<String> backfills, List<HistoryChecker.Violation> violations) {
        List<Op> ops = history.ops();
        StringBuilder text = new StringBuilder("history seed ").append(settings.seed()).append(": ")
                .append(settings.duration().toSeconds()).append(" s, ").append(settings.clients())
                .append(" clients, ").append(settings.users()).append(" users, bound ").append(settings.bound())
                .append("\n  reproduce: ").append(settings.reproduce());
        line(text, "operations", count(ops, op -> op.kind() + " " + op.result()));
        line(text, "served by", count(ops.stream().filter(op -> op.result() == Op.Result.OK).toList(),
                op -> String.valueOf(op.servedBy())));
        line(text, "not acknowledged", count(ops.stream().filter(op -> op.result() != Op.Result.OK).toList(),
                op -> op.status() == 0 ? "no answer" : String.valueOf(op.status())));
        List<Long> millis = ops.stream().map(Op::millis).sorted().toList();
        if (!millis.isEmpty()) {
            text.append("\n  latency ms: p50 ").append(millis.get(millis.size() / 2)).append(", p99 ")
                    .append(millis.get(millis.size() * 99 / 100)).append(", max ")
                    .append(millis.get(millis.size() - 1));
        }
        long coldAndSlow = ops.stream().filter(op -> op.invoked() < settings.warmUp().toNanos()
                && op.millis() > settings.bound().toMillis()).count();
        text.append("\n  warm-up (first ").append(settings.warmUp().toSeconds()).append(" s, no nemesis, bound not")
                .append(" applied): ").append(coldAndSlow).append(" requests waited longer than the bound");
        line(text, "nemesis", count(history.events(), event -> event.what().split("[ :]")[0]));
        line(text, "final states", count(List.copyOf(last.states().values()), state -> state));
        line(text, "ledger", count(last.ledger().values().stream().flatMap(List::stream).toList(),
                FinalState.LedgerLine::outcome));
        text.append("\n  verify: ").append(verify.getInteger("users", 0)).append(" migrated users, ")
                .append(verify.getInteger("different", 0)).append(" with differences (titles changed in modern")
                .append(" since migration excused, see HistoryChecker)");
        line(text, "backfill workers, by how they ended", count(backfills,
                output -> output.lines().findFirst().orElse("") + " " + output.lines().reduce((a, b) -> b)
                        .orElse("").replaceAll("^[0-9T:.Z-]+ ", "").replaceAll("[0-9]+", "N")));
        text.append("\n  violations: ").append(violations.size());
        if (!violations.isEmpty()) {
            line(text, "violations by check", count(violations, HistoryChecker.Violation::check));
        }
        Map<String, List<Op>> byUser = history.byUser();
        text.append("\n  nemesis log:");
        history.events().forEach(event -> text.append("\n    ").append(event));
        violations.stream().limit(20).forEach(v -> explain(text, v, byUser.getOrDefault(v.user(), List.of()),
                last, history));
        return text.toString();
    }

    private static void explain(StringBuilder text, HistoryChecker.Violation violation, List<Op> ops,
                                FinalState last, History history) {
        text.append("\n\n  ").append(violation);
        text.append("\n    final state ").append(last.states().get(violation.user())).append(", pin ")
                .append(last.pins().get(violation.user()));
        history.events().stream().filter(event -> event.what().contains(" " + violation.user() + " ")
                        || event.what().contains(" " + violation.user() + ":"))
                .forEach(event -> text.append("\n    nemesis on this user ").append(event));
        text.append("\n    ledger: ").append(last.ledger().getOrDefault(violation.user(), List.of()));
        ops.stream().skip(Math.max(0, ops.size() - 25)).forEach(op -> text.append("\n    ").append(op)
                .append(" (wall ").append(history.wallMillis(op.invoked())).append(")"));
        if (violation.at() >= 0) {
            history.eventsBetween(violation.at() - 8_000_000_000L, violation.at() + 2_000_000_000L)
                    .forEach(event -> text.append("\n    nemesis ").append(event));
        }
    }

    private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private static void line(StringBuilder text, String title, Map<String, Long> counts) {
        text.append("\n  ").append(title).append(": ").append(counts.entrySet().stream()
                .sorted(Comparator.comparing(Map.Entry::getKey))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }
}
