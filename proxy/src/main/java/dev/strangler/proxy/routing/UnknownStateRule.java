package dev.strangler.proxy.routing;

import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RouteMatch;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The request path's answer when a user's state cannot be established (SPEC §3.4): a user whose state cannot be
 * read (state database unreachable, pool busy, deadline passed) goes to legacy only when this instance knows they
 * are certainly not migrated ({@link MigratedKeys}; never while it is fenced out of the fleet) and would not
 * migrate them now; anyone else gets 503 with {@code Retry-After}, never the wrong side. No request waits longer
 * than the hold limit, whatever the databases do.
 */
final class UnknownStateRule {

    private final MigratedKeys keys;
    private final RequestPathEvents events;
    private final Duration holdLimit;
    private final Duration retryAfter;

    UnknownStateRule(MigratedKeys keys, RequestPathEvents events, Duration holdLimit, Duration retryAfter) {
        this.keys = keys;
        this.events = events;
        this.holdLimit = holdLimit;
        this.retryAfter = retryAfter;
    }

    /**
     * The user's state could not be established: legacy for a user certainly not migrated and outside the modern
     * share, otherwise 503 with {@code Retry-After}, counted. A user in the share may be being migrated by another
     * instance right now (its attempt is invisible until it commits), so a write sent to legacy could land after that
     * migration's mark: the fingerprints cannot vouch for them.
     */
    Resolution answer(RoutingTable routing, RouteMatch match) {
        Decision asNew = routing.decide(match, UserStatus.NEW);
        if (match.userKey() == null) {
            return legacy(asNew);
        }
        if (!asNew.migrateFirst() && keys.certainlyNotMigrated(match.userKey())) {
            events.unknownStateLegacy();
            return legacy(asNew);
        }
        return unavailable();
    }

    /** 503 with {@code Retry-After}, counted as an unknown state. */
    Rejection unavailable() {
        events.unknownState();
        return Rejection.unavailable(retryAfter);
    }

    /**
     * The answer when the resolver failed or threw (a bug), for a request whose route is {@code match} (null: its
     * facts could not be read): legacy only for a request without a user key, whose data cannot have moved; 503 with
     * {@code Retry-After} for anyone else, whatever their state. Counted as an unknown state either way.
     */
    Resolution fallback(RoutingTable routing, RouteMatch match) {
        Rejection unavailable = unavailable();
        return match != null && match.userKey() == null ? legacy(routing.decide(match, UserStatus.NEW)) : unavailable;
    }

    /**
     * A request waiting for its user's state or migration: counted while it waits, and never held longer than the
     * hold limit, after which it is answered as an unknown state (503 when it waited for a migration of the user).
     */
    Future<Resolution> held(Future<Resolution> decided, RoutingTable routing, RouteMatch match,
                            boolean behindMigration) {
        events.holdStarted();
        return decided.timeout(holdLimit.toMillis(), TimeUnit.MILLISECONDS).transform(done -> {
            events.holdEnded();
            if (done.succeeded()) {
                return Future.succeededFuture(done.result());
            }
            if (done.cause() instanceof TimeoutException) {
                events.holdExpired();
                if (behindMigration || keys.attempting(match.userKey())) {
                    return Future.succeededFuture(unavailable());
                }
            }
            return Future.succeededFuture(answer(routing, match));
        });
    }

    static Resolution legacy(Decision decision) {
        return new Route(Upstream.LEGACY, decision.rule(), decision.cohort(), decision.userKey());
    }
}
