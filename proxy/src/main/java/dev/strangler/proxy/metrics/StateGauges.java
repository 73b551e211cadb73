package dev.strangler.proxy.metrics;

import dev.strangler.rules.Percent;
import dev.strangler.rules.UserState;
import dev.strangler.proxy.routing.DecidingResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strangler_users{state}} from a periodic count of the state table (a scrape never touches the database)
 * and {@code strangler_rollout_percent{cohort}} from the routing table in force, refreshed on the same timer and
 * whenever the rollout changes, so cohorts added or removed by a reload appear and disappear.
 */
public final class StateGauges {

    private static final String BY_STATE = "SELECT state, count(*) AS users FROM strangler.user_state GROUP BY state";

    private final Vertx vertx;
    private final Pool modern;
    private final DecidingResolver resolver;
    private final MultiGauge users;
    private final MultiGauge rollout;
    private final long timer;

    public StateGauges(Vertx vertx, Pool modern, DecidingResolver resolver, MeterRegistry registry, Duration every) {
        this.vertx = vertx;
        this.modern = modern;
        this.resolver = resolver;
        this.users = MultiGauge.builder("strangler.users").description("Users by migration state (periodic count)")
                .register(registry);
        this.rollout = MultiGauge.builder("strangler.rollout.percent")
                .description("Effective rollout percentage of each cohort").register(registry);
        this.timer = vertx.setPeriodic(every.toMillis(), id -> refresh());
    }

    /** Counts users and reads the routing table now. */
    public Future<Void> refresh() {
        refreshRollout();
        return modern.query(BY_STATE).execute().map(rows -> {
            Map<UserState, Long> counts = new EnumMap<>(UserState.class);
            for (UserState state : UserState.values()) {
                counts.put(state, 0L);
            }
            rows.forEach(row -> counts.put(UserState.valueOf(row.getString("state")), row.getLong("users")));
            List<MultiGauge.Row<?>> values = new ArrayList<>();
            counts.forEach((state, count) -> values.add(MultiGauge.Row.of(Tags.of("state", state.name()), count)));
            users.register(values, true);
            return (Void) null;
        }).otherwiseEmpty();
    }

    /** Publishes the cohorts of the routing table in force (their values are read at each scrape, from memory). */
    public void refreshRollout() {
        List<MultiGauge.Row<?>> values = new ArrayList<>();
        for (String cohort : resolver.table().percentages().keySet()) {
            values.add(MultiGauge.Row.of(Tags.of("cohort", cohort), resolver, table -> {
                Percent percent = table.table().percentages().get(cohort);
                return percent == null ? Double.NaN : percent.value();
            }));
        }
        rollout.register(values, true);
    }

    public void close() {
        vertx.cancelTimer(timer);
    }
}
