package dev.strangler.proxy.forward;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How a request is let in, the same for both data planes (the Vert.x {@link Forwarder} and the Netty plane of
 * {@code dev.strangler.proxy.edge}): the {@link RouteResolver} decides where it goes (its {@link RouteResolver#fallback}
 * if it throws or fails: 503 unless the request is anonymous), then the request is counted among its user's requests
 * in flight ({@link InFlightUsers}) only if the decision is still current: if the resolver learnt of a change of the
 * user's state since it began deciding ({@link Route#seen}), the decision may rest on what was true before, and the
 * request is decided again, knowing what it was decided before ({@link RouteResolver#resolveAgain}: what was
 * settled once for the request, such as an admission refusal, stays settled and is counted once), at most
 * {@value #DECISIONS} times, then refused with 503 and {@code Retry-After: 1}.
 */
public final class Admission {

    /** How often a request is decided at most, when the user's state keeps changing while it is decided. */
    static final int DECISIONS = 3;

    private final RouteResolver resolver;
    private final InFlightUsers inFlight;

    public Admission(RouteResolver resolver, InFlightUsers inFlight) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    }

    /** What came of a request's admission: refused, or admitted on a route and counted. */
    public sealed interface Outcome permits Refused, Admitted {
    }

    /** The proxy answers the request itself (the resolver's rejection, or 503 when the decision kept going stale). */
    public record Refused(Rejection rejection) implements Outcome {
    }

    /**
     * The request goes on {@code route}; {@code left} ends its place in the count (once, however often it runs),
     * and {@code current} says whether its decision still holds (a WebSocket tunnel whose user changed while its
     * handshake ran is restarted as soon as it is open).
     */
    public record Admitted(Route route, Runnable left, BooleanSupplier current) implements Outcome {
    }

    /**
     * Decides the request and counts it, then gives the outcome to {@code then}. Each step after a decision runs on
     * {@code loop}, the request's event loop: a resolver that waited for the state store or a migration completes on
     * the database client's thread, and the request's connection must only be used from its own.
     */
    public void admit(RequestHead head, Executor loop, Consumer<Outcome> then) {
        decide(head, loop, DECISIONS, null, then);
    }

    private void decide(RequestHead head, Executor loop, int attempts, Route before, Consumer<Outcome> then) {
        resolve(head, before).onComplete(resolved -> loop.execute(() -> {
            if (resolved.result() instanceof Rejection refused) {
                then.accept(new Refused(refused));
                return;
            }
            Route route = (Route) resolved.result();
            BooleanSupplier current = () -> route.userKey() == null || generation(route.userKey()) == route.seen();
            Runnable left = inFlight.enter(route.userKey(), route.upstream(), current);
            if (left != null) {
                then.accept(new Admitted(route, left, current));
            } else if (attempts > 1) {
                decide(head, loop, attempts - 1, route, then);
            } else {
                then.accept(new Refused(Rejection.unavailable(Duration.ofSeconds(1))));
            }
        }));
    }

    private Future<Resolution> resolve(RequestHead head, Route before) {
        Future<Resolution> route;
        try {
            route = before == null ? resolver.resolve(head) : resolver.resolveAgain(head, before);
        } catch (RuntimeException bug) {
            route = Future.failedFuture(bug);
        }
        return route.recover(failed -> Future.succeededFuture(fallback(head)));
    }

    /** The resolver's answer for a request it could not decide; 503 should that throw too. */
    private Resolution fallback(RequestHead head) {
        try {
            return resolver.fallback(head);
        } catch (RuntimeException bug) {
            return Rejection.unavailable(Duration.ofSeconds(1));
        }
    }

    private long generation(String userKey) {
        try {
            return resolver.generation(userKey);
        } catch (RuntimeException bug) {
            return -1;
        }
    }

    /** The user key of a request, or null when it has none or the resolver fails to say. */
    public String userKey(RequestHead head) {
        try {
            return resolver.userKey(head);
        } catch (RuntimeException bug) {
            return null;
        }
    }
}
