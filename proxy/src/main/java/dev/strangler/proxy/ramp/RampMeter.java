package dev.strangler.proxy.ramp;

import dev.strangler.migrator.RampStore;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.routing.RequestPathEvents;
import dev.strangler.rules.Upstream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's measurements of each cohort since its last flush: per upstream, requests answered, 5xx answers
 * (the proxy's own 502 and 504 included) and a latency histogram; request-triggered migrations and those that ended
 * INVALID, FAILED, TIMEOUT or unknown. Requests of no cohort are not counted. {@link #drain} hands the counts over
 * and starts again; {@link RampDriver} writes them to the state database, where the fleet's are summed.
 */
public final class RampMeter implements ExchangeRecorder, RequestPathEvents {

    private static final Set<String> FAILED = Set.of("INVALID", "FAILED", "TIMEOUT", "UNKNOWN");
    private static final Set<String> ATTEMPTED = Set.of("MIGRATED", "INVALID", "FAILED", "TIMEOUT", "UNKNOWN");
    private static final String NO_COHORT = "none";

    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    @Override
    public void record(Route route, int status, long upstreamNanos) {
        if (route == null || NO_COHORT.equals(route.cohort())) {
            return;
        }
        tallies.computeIfAbsent(route.cohort(), cohort -> new Tally())
                .request(route.upstream() == Upstream.MODERN, status >= 500 && status < 600, upstreamNanos);
    }

    @Override
    public void migrationEnded(String cohort, String ledgerOutcome) {
        if (cohort != null && ATTEMPTED.contains(ledgerOutcome)) {
            tallies.computeIfAbsent(cohort, name -> new Tally()).migration(FAILED.contains(ledgerOutcome));
        }
    }

    /** The counts of each cohort since the last drain; the tallies start again from zero. */
    public Map<String, RampStore.Counts> drain() {
        Map<String, RampStore.Counts> drained = new HashMap<>();
        tallies.forEach((cohort, tally) -> {
            RampStore.Counts counts = tally.drain();
            if (!counts.isEmpty()) {
                drained.put(cohort, counts);
            }
        });
        return drained;
    }

    /** One cohort's counts, changed under its own lock (a few field updates, taken on the event loops). */
    private static final class Tally {
        private long legacyRequests;
        private long legacyErrors;
        private long modernRequests;
        private long modernErrors;
        private long[] legacyLatency = new long[RampStore.Counts.BUCKETS];
        private long[] modernLatency = new long[RampStore.Counts.BUCKETS];
        private long migrations;
        private long migrationFailures;

        synchronized void request(boolean modern, boolean error, long nanos) {
            if (modern) {
                modernRequests++;
                modernErrors += error ? 1 : 0;
                modernLatency[RampStore.Counts.bucketOf(nanos)]++;
            } else {
                legacyRequests++;
                legacyErrors += error ? 1 : 0;
                legacyLatency[RampStore.Counts.bucketOf(nanos)]++;
            }
        }

        synchronized void migration(boolean failed) {
            migrations++;
            migrationFailures += failed ? 1 : 0;
        }

        synchronized RampStore.Counts drain() {
            RampStore.Counts counts = new RampStore.Counts(legacyRequests, legacyErrors, modernRequests, modernErrors,
                    legacyLatency, modernLatency, migrations, migrationFailures);
            legacyRequests = 0;
            legacyErrors = 0;
            modernRequests = 0;
            modernErrors = 0;
            legacyLatency = new long[RampStore.Counts.BUCKETS];
            modernLatency = new long[RampStore.Counts.BUCKETS];
            migrations = 0;
            migrationFailures = 0;
            return counts;
        }
    }
}
