package dev.strangler.proxy.console;

import dev.strangler.migrator.Reports;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The users the plan's {@code users} query lists, read from legacy at most once a minute: what the rollout
 * confirmation and the per-cohort counts decide over.
 */
public final class ListedUsers {

    private static final Duration KEEP = Duration.ofMinutes(1);

    private final Reports reports;
    private final Clock clock;
    private Future<List<String>> users;
    private Instant readAt = Instant.MIN;

    public ListedUsers(Reports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    /** The list, read again once a minute has passed since the last read (or it failed). */
    synchronized Future<List<String>> get() {
        Instant now = clock.instant();
        if (users == null || users.failed() || !now.isBefore(readAt.plus(KEEP))) {
            users = reports.legacyUsers();
            readAt = now;
        }
        return users;
    }
}
