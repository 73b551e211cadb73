package dev.strangler.proxy.routing;

import dev.strangler.config.MigrationAdmission;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The token bucket behind {@code migration.admission}: {@code burst} tokens, refilled at {@code perSecond} from the
 * injected clock; each request-triggered migration takes one, and none is owed when the bucket is empty.
 */
public final class AdmissionBucket {

    private final MigrationAdmission admission;
    private final Clock clock;
    private final BooleanSupplier open;
    private double tokens;
    private long refilledAt;

    public AdmissionBucket(MigrationAdmission admission, Clock clock) {
        this(admission, clock, () -> true);
    }

    /**
     * A bucket that admits nothing, and keeps its tokens, while {@code open} is false (modern ejected by outlier
     * detection: a user not yet migrated stays on legacy).
     */
    public AdmissionBucket(MigrationAdmission admission, Clock clock, BooleanSupplier open) {
        this.open = open;
        this.admission = admission;
        this.clock = clock;
        this.tokens = admission.burst();
        this.refilledAt = clock.millis();
    }

    /**
     * Whether the bucket is shut because modern is ejected here: then no migration can be started by this instance,
     * and, modern failing, hardly by another one.
     */
    public boolean shut() {
        return !open.getAsBoolean();
    }

    /** Takes a token if one is left: true means the migration may start now. */
    public synchronized boolean tryAdmit() {
        if (!open.getAsBoolean()) {
            return false;
        }
        long now = clock.millis();
        if (now > refilledAt) {
            tokens = Math.min(admission.burst(), tokens + (now - refilledAt) * admission.perSecond() / 1000.0);
            refilledAt = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return admission.perSecond() + " migrations per second, bursts of " + admission.burst();
    }
}
