package dev.strangler.history;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges a finished history (Elle-style, per user, since a user's operations are sequential):
 * <ol>
 *   <li><b>final</b>: every acknowledged write is in the system the user's final state names (modern for
 *       MIGRATED, legacy otherwise): the contact title is the last acknowledged one or one that may have happened,
 *       and every acknowledged order is there, the user's, with its line;</li>
 *   <li><b>read</b>: a successful read saw every write acknowledged before it was sent (read your writes across
 *       replicas, migrations and rollbacks);</li>
 *   <li><b>route</b>: no answer said the customer does not exist (a 404 is a request sent to the wrong side);</li>
 *   <li><b>ledger</b>: no user has two MIGRATED entries without a ROLLED_BACK between them;</li>
 *   <li><b>stuck</b>: no user is left in ROLLING_BACK once everything healed;</li>
 *   <li><b>latency</b>: no request sent after the warm-up waited longer than the bound;</li>
 *   <li><b>verify</b>: {@code strangler verify} finds no difference but the titles users changed in modern after
 *       their last migration (legacy is behind there by design).</li>
 * </ol>
 * Writes whose outcome is unknown are allowed to have happened but never required to.
 */
final class HistoryChecker {

    /** One broken property: which check, which user, what was seen, and when in the history (-1: at the end). */
    record Violation(String check, String user, String detail, long at) {
        @Override
        public String toString() {
            return "[" + check + "] " + user + ": " + detail;
        }
    }

    private static final Pattern TITLE_DIFFERENCE =
            Pattern.compile("^(contact )?\\S+: title is .* in modern, expected .*$");

    private final History history;
    private final UserPool pool;
    private final HistorySettings settings;
    private final List<Violation> violations = new ArrayList<>();

    HistoryChecker(History history, UserPool pool, HistorySettings settings) {
        this.history = history;
        this.pool = pool;
        this.settings = settings;
    }

    List<Violation> check(FinalState last, JsonObject verify) {
        history.byUser().forEach((user, ops) -> checkUser(user, ops, last));
        last.ledger().forEach(this::checkLedger);
        last.states().forEach((user, state) -> {
            if ("ROLLING_BACK".equals(state)) {
                violations.add(new Violation("stuck", user, "still ROLLING_BACK after the nemesis healed", -1));
            }
        });
        checkVerify(verify, last);
        return List.copyOf(violations);
    }

    private void checkUser(String user, List<Op> ops, FinalState last) {
        String acked = pool.titles().get(user) == null ? Workload.NO_TITLE : pool.titles().get(user);
        long ackedAt = -1;
        Set<String> maybe = new HashSet<>();
        Set<Long> ackedOrders = new HashSet<>();
        for (Op op : ops) {
            if (op.millis() > settings.bound().toMillis() && op.invoked() >= settings.warmUp().toNanos()) {
                violations.add(new Violation("latency", user, op + " waited longer than " + settings.bound(),
                        op.invoked()));
            }
            if (op.status() == 404) {
                violations.add(new Violation("route", user, op + ": the system that answered does not know them",
                        op.invoked()));
            }
            if (op.result() != Op.Result.OK) {
                if (op.kind() == Op.Kind.WRITE_TITLE) {
                    maybe.add(op.value());
                }
                continue;
            }
            switch (op.kind()) {
                case WRITE_TITLE -> {
                    acked = op.value();
                    ackedAt = op.invoked();
                }
                case PLACE_ORDER -> ackedOrders.add(Long.parseLong(op.value().split("/")[0]));
                case READ_PROFILE -> {
                    if (!op.value().equals(acked) && !maybe.contains(op.value())) {
                        violations.add(new Violation("read", user, op + " but the last acknowledged title was "
                                + acked, op.invoked()));
                    }
                }
                case READ_ORDERS -> {
                    Set<Long> missing = new HashSet<>(ackedOrders);
                    missing.removeAll(op.seenOrders());
                    if (!missing.isEmpty()) {
                        violations.add(new Violation("read", user, op + " lacks acknowledged orders " + missing,
                                op.invoked()));
                    }
                }
            }
        }
        String owner = last.ownerOf(user);
        String title = last.titleOf(user) == null ? Workload.NO_TITLE : last.titleOf(user);
        if (!title.equals(acked) && !maybe.contains(title)) {
            violations.add(new Violation("final", user, owner + " (state " + last.states().get(user) + ") holds title "
                    + title + ", the last acknowledged was " + acked, ackedAt));
        }
        for (Op op : ops) {
            if (op.kind() == Op.Kind.PLACE_ORDER && op.result() == Op.Result.OK) {
                String[] placed = op.value().split("/");
                FinalState.PlacedOrder order = last.orderOf(user, Long.parseLong(placed[0]));
                if (order == null || !user.equals(order.customer()) || !order.lines().contains(placed[1])) {
                    violations.add(new Violation("final", user, "acknowledged " + op + " is "
                            + (order == null ? "missing" : "now " + order) + " in " + owner + " (state "
                            + last.states().get(user) + ")", op.invoked()));
                }
            }
        }
    }

    private void checkLedger(String user, List<FinalState.LedgerLine> lines) {
        boolean migrated = false;
        for (FinalState.LedgerLine line : lines) {
            if ("MIGRATED".equals(line.outcome())) {
                if (migrated) {
                    violations.add(new Violation("ledger", user, "a second MIGRATED without ROLLED_BACK between: "
                            + lines, -1));
                }
                migrated = true;
            } else if ("ROLLED_BACK".equals(line.outcome())) {
                migrated = false;
            }
        }
    }

    private void checkVerify(JsonObject verify, FinalState last) {
        Map<String, List<Op>> byUser = history.byUser();
        for (Object item : verify.getJsonArray("results", new JsonArray())) {
            JsonObject result = (JsonObject) item;
            if (result.getBoolean("clean", false)) {
                continue;
            }
            String user = result.getString("user");
            if (!result.getJsonArray("problems").isEmpty() || !onlyTitles(result)
                    || !titleWrittenSinceMigration(user, byUser.getOrDefault(user, List.of()), last)) {
                violations.add(new Violation("verify", user, result.encode(), -1));
            }
        }
    }

    private static boolean onlyTitles(JsonObject result) {
        for (Object item : result.getJsonArray("entities")) {
            JsonObject entity = (JsonObject) item;
            if (entity.getBoolean("clean", false)) {
                continue;
            }
            if (!"contact".equals(entity.getString("entity"))
                    || !entity.getInteger("expectedRows").equals(entity.getInteger("foundRows"))
                    || entity.getJsonArray("differences").stream()
                            .anyMatch(line -> !TITLE_DIFFERENCE.matcher(String.valueOf(line)).matches())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a title write may have been applied after the user's last migration began: one that had not completed
     * by then (a second early, for clock skew). A write sent before the migration and held behind it lands in modern.
     */
    private boolean titleWrittenSinceMigration(String user, List<Op> ops, FinalState last) {
        long migratedAt = last.ledger().getOrDefault(user, List.of()).stream()
                .filter(line -> "MIGRATED".equals(line.outcome()))
                .mapToLong(FinalState.LedgerLine::startedMillis).max().orElse(Long.MAX_VALUE);
        return ops.stream().anyMatch(op -> op.kind() == Op.Kind.WRITE_TITLE
                && history.wallMillis(op.completed()) >= migratedAt - 1000);
    }
}
