package dev.strangler.history;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long and how hard a history runs, from system properties so that {@code bench/history.sh} can run the same
 * test for minutes: {@code strangler.history.seconds} (60), {@code .seed} (random, printed) or {@code .seeds}
 * (several histories, one after the other), {@code .clients} (16),
 * {@code .users} (300), {@code .opsPerSecond} (120, all clients together), {@code .marginSeconds} (10),
 * {@code .warmUpSeconds} (5).
 *
 * @param seed             drives every random choice of the clients and the nemesis
 * @param duration         how long clients and nemesis run
 * @param clients          concurrent clients, each acting for its own share of the users
 * @param users            generated legacy customers
 * @param opsPerSecond     operations started per second by all clients together
 * @param migrationTimeout the plan's {@code migration.timeout}
 * @param maxLegacyDelay   the longest delay the nemesis adds to a request to legacy
 * @param margin           added to the timeouts for the bound on any request's wait: room for a machine shared by
 *                         several builds (load 20 on 2 cores was seen), where a replica's JVM stalls for seconds.
 *                         What the bound is for is a request that hangs (a dead connection, a pool that never
 *                         answers); the exact hold limit is the proxy's own tests' business
 * @param warmUp           how long clients run before the nemesis starts; the replicas' JVMs are cold then, and
 *                         the bound on waits is not applied to requests sent in it (every other check is)
 */
record HistorySettings(long seed, Duration duration, int clients, int users, int opsPerSecond,
                       Duration migrationTimeout, Duration maxLegacyDelay, Duration margin, Duration warmUp) {

    /**
     * The seeds to run: {@code strangler.history.seeds} (comma-separated, one history each), else
     * {@code strangler.history.seed}, else one drawn at random.
     */
    static List<Long> seeds() {
        String seeds = System.getProperty("strangler.history.seeds", "");
        if (!seeds.isBlank()) {
            return Arrays.stream(seeds.split(",")).map(String::trim).filter(seed -> !seed.isEmpty())
                    .map(Long::valueOf).toList();
        }
        String seed = System.getProperty("strangler.history.seed", "");
        return List.of(seed.isBlank() ? ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)
                : Long.parseLong(seed.trim()));
    }

    static HistorySettings fromSystemProperties(long seed) {
        return new HistorySettings(seed,
                Duration.ofSeconds(Long.getLong("strangler.history.seconds", 60)),
                Integer.getInteger("strangler.history.clients", 16),
                Integer.getInteger("strangler.history.users", 300),
                Integer.getInteger("strangler.history.opsPerSecond", 120),
                Duration.ofSeconds(3), Duration.ofMillis(800),
                Duration.ofSeconds(Long.getLong("strangler.history.marginSeconds", 10)),
                Duration.ofSeconds(Long.getLong("strangler.history.warmUpSeconds", 5)));
    }

    /**
     * No request may wait longer: held at most a migration's timeout, then forwarded with at most the upstream
     * timeout (which covers the legacy delay), and the margin.
     */
    Duration bound() {
        return migrationTimeout.plus(upstreamTimeout()).plus(margin);
    }

    /** The upstream timeouts the proxies run with: above the legacy delay, so a slow legacy still answers. */
    Duration upstreamTimeout() {
        return maxLegacyDelay.plusMillis(1200);
    }

    /** What to pass to reproduce this history. */
    String reproduce() {
        return "-Dstrangler.history.seed=" + seed + " -Dstrangler.history.seconds=" + duration.toSeconds()
                + " -Dstrangler.history.clients=" + clients + " -Dstrangler.history.users=" + users;
    }
}
