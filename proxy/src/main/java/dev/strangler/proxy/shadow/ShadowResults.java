package dev.strangler.proxy.shadow;

import dev.strangler.migrator.ShadowStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where comparison results go: the counter {@code strangler_shadow_comparisons_total{route,result}}, this
 * instance's per-minute counts behind {@link MatchRates}, and a batch for the state database that {@link #flush}
 * writes (counts, differing and noisy fields, mismatches; at most {@code keep} mismatches per route per batch).
 */
final class ShadowResults implements MatchRates {

    private final MeterRegistry registry;
    private final Clock clock;
    private final int keep;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Deque<Minute>> byRoute = new HashMap<>();
    private final Map<String, Deque<Minute>> byCohort = new HashMap<>();
    private Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    private Map<String, Map<String, Long>> fieldCounts = new LinkedHashMap<>();
    private List<ShadowStore.Mismatch> mismatches = new ArrayList<>();

    ShadowResults(MeterRegistry registry, Clock clock, int keep) {
        this.registry = registry;
        this.clock = clock;
        this.keep = keep;
    }

    /** Counts one comparison; {@code noise} are the fields that differed between two legacy answers. */
    synchronized void record(String route, String cohort, ShadowResult result, List<String> fields,
                             List<String> noise, ShadowStore.Mismatch mismatch) {
        counters.computeIfAbsent(route + "\n" + result.label(), key -> Counter.builder("strangler.shadow.comparisons")
                .description("Shadow comparisons by route and result").tag("route", route)
                .tag("result", result.label()).register(registry)).increment();
        long minute = clock.millis() / 60_000;
        add(byRoute.computeIfAbsent(route, r -> new ArrayDeque<>()), minute, result);
        add(byCohort.computeIfAbsent(cohort, c -> new ArrayDeque<>()), minute, result);
        counts.computeIfAbsent(route, r -> new LinkedHashMap<>()).merge(result.label(), 1L, Long::sum);
        Map<String, Long> routeFields = fieldCounts.computeIfAbsent(route, r -> new LinkedHashMap<>());
        fields.forEach(field -> routeFields.merge("mismatch\n" + field, 1L, Long::sum));
        noise.forEach(field -> routeFields.merge("noise\n" + field, 1L, Long::sum));
        if (mismatch != null && mismatches.stream().filter(m -> m.route().equals(route)).count() < keep) {
            mismatches.add(mismatch);
        }
    }

    /** Writes what was counted since the last flush; on failure it is counted again in the next batch. */
    Future<Void> flush(ShadowStore store, Duration retention) {
        ShadowStore.Batch batch;
        synchronized (this) {
            Map<String, List<ShadowStore.FieldCount>> fields = new LinkedHashMap<>();
            fieldCounts.forEach((route, counted) -> counted.forEach((key, count) -> {
                int cut = key.indexOf('\n');
                fields.computeIfAbsent(route, r -> new ArrayList<>()).add(new ShadowStore.FieldCount(
                        key.substring(cut + 1), key.startsWith("noise"), count));
            }));
            batch = new ShadowStore.Batch(counts, fields, mismatches,
                    clock.instant().truncatedTo(ChronoUnit.MINUTES));
            counts = new LinkedHashMap<>();
            fieldCounts = new LinkedHashMap<>();
            mismatches = new ArrayList<>();
        }
        if (batch.isEmpty()) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant();
        return store.record(batch, keep, now.minus(retention)).onFailure(failed -> putBack(batch));
    }

    private synchronized void putBack(ShadowStore.Batch batch) {
        batch.counts().forEach((route, byResult) -> byResult.forEach((result, count) ->
                counts.computeIfAbsent(route, r -> new LinkedHashMap<>()).merge(result, count, Long::sum)));
        batch.fields().forEach((route, list) -> list.forEach(field ->
                fieldCounts.computeIfAbsent(route, r -> new LinkedHashMap<>())
                        .merge((field.noise() ? "noise\n" : "mismatch\n") + field.field(), field.count(),
                                Long::sum)));
        if (mismatches.size() < keep) {
            mismatches.addAll(0, batch.mismatches());
        }
    }

    @Override
    public synchronized MatchRate route(String route, Duration window) {
        return sum(byRoute.get(route), window);
    }

    @Override
    public synchronized MatchRate cohort(String cohort, Duration window) {
        return sum(byCohort.get(cohort), window);
    }

    @Override
    public synchronized MatchRate all(Duration window) {
        MatchRate total = MatchRate.NONE;
        for (Deque<Minute> minutes : byRoute.values()) {
            total = total.plus(sum(minutes, window));
        }
        return total;
    }

    private MatchRate sum(Deque<Minute> minutes, Duration window) {
        if (minutes == null) {
            return MatchRate.NONE;
        }
        long windowMinutes = Math.max(1, (Math.min(window.toMillis(), LONGEST.toMillis()) + 59_999) / 60_000);
        long from = clock.millis() / 60_000 - windowMinutes + 1;
        MatchRate total = MatchRate.NONE;
        for (Minute minute : minutes) {
            if (minute.at >= from) {
                total = total.plus(new MatchRate(minute.counts[0], minute.counts[1], minute.counts[2],
                        minute.counts[3]));
            }
        }
        return total;
    }

    private static void add(Deque<Minute> minutes, long minute, ShadowResult result) {
        if (minutes.isEmpty() || minutes.peekLast().at != minute) {
            minutes.addLast(new Minute(minute));
        }
        minutes.peekLast().counts[result.ordinal()]++;
        while (minutes.peekFirst().at <= minute - LONGEST.toMinutes()) {
            minutes.removeFirst();
        }
    }

    /** One minute's counts, indexed by {@link ShadowResult#ordinal()}. */
    private static final class Minute {
        final long at;
        final long[] counts = new long[ShadowResult.values().length];

        Minute(long at) {
            this.at = at;
        }
    }
}
