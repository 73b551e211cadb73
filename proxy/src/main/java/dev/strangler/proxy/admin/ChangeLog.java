package dev.strangler.proxy.admin;

import dev.strangler.migrator.ChangeAudit;
import dev.strangler.proxy.metrics.EventLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;

/**
 * Where an operator's change is recorded: the {@code admin_change} JSON line on standard output (user keys hashed
 * when the configuration says so) and, for a change that is audited, its row in the audit ({@link ChangeAudit}),
 * stamped with this instance's clock.
 */
public final class ChangeLog {

    private final EventLog log;
    private final ChangeAudit audit;
    private final Clock clock;

    public ChangeLog(EventLog log, ChangeAudit audit, Clock clock) {
        this.log = log;
        this.audit = audit;
        this.clock = clock;
    }

    /** Writes the change's {@code admin_change} line. */
    void write(JsonObject change) {
        log.write("admin_change", change);
    }

    /** The user's key as the log shows it (hashed when the configuration says so). */
    String user(String key) {
        return log.user(key);
    }

    /** This instance's time, the time of a change. */
    Instant now() {
        return clock.instant();
    }

    /** Records the change in the audit, now. */
    Future<Void> audit(String kind, String subject, String actor, String reason, JsonObject details) {
        return audit.record(new ChangeAudit.Entry(kind, subject, actor, clock.instant(), reason, details));
    }
}
