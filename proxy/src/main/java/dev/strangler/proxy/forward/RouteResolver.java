package dev.strangler.proxy.forward;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Decides where one request goes. The data plane calls it after the request was screened and while its body is
 * paused, so an implementation may take its time (look up a user, migrate them first) without losing a byte.
 * WebSocket handshakes are resolved the same way, before the upgrade is accepted. The future never fails for an
 * ordinary reason: a resolver that cannot decide answers the unknown-state rule itself. Should it throw or fail all
 * the same, the data plane answers {@link #fallback}: never legacy for a user who may be migrated.
 */
@FunctionalInterface
public interface RouteResolver {

    Future<Resolution> resolve(RequestHead request);

    /**
     * Decides {@code request} again: its first decision, {@code before}, went stale before it was forwarded (the
     * user's {@link #generation} moved). What was settled once for this request stays settled: a user refused
     * admission is not offered to it again, so one request is refused and counted at most once.
     */
    default Future<Resolution> resolveAgain(RequestHead request, Route before) {
        return resolve(request);
    }

    /**
     * The user key of a request, or null when it has none (or the resolver does not know users); asked for
     * WebSocket handshakes, so that the tunnel can be closed when that user's route changes ({@link Tunnels}).
     */
    default String userKey(RequestHead request) {
        return null;
    }

    /**
     * What the resolver knows of the user, as a number that changes whenever it learns of a change of their state
     * (a notification, its own migration): a request is forwarded only if it is the same as when its decision began
     * ({@link InFlightUsers#enter(String, dev.strangler.rules.Upstream, java.util.function.BooleanSupplier)}),
     * otherwise it is decided again. Constant for resolvers that do not know users.
     */
    default long generation(String userKey) {
        return 0;
    }

    /**
     * The answer when {@link #resolve} threw or failed: 503 with {@code Retry-After} unless the implementation knows
     * the request is safe elsewhere (an anonymous request, whose user cannot have been migrated, may go to legacy).
     */
    default Resolution fallback(RequestHead request) {
        return Rejection.unavailable(Duration.ofSeconds(1));
    }

    /** Every request to one upstream. */
    static RouteResolver fixed(Route route) {
        Future<Resolution> decided = Future.succeededFuture(route);
        return request -> decided;
    }
}
