package dev.strangler.proxy.breaker;

import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import io.vertx.core.Future;

/**
 * The request path's resolver behind outlier ejection: where the inner resolver sends a request stays where it
 * goes, but a request for an ejected upstream is answered 503 with {@code Retry-After} instead (a migrated user is
 * never sent to legacy because modern is down; their data is on modern).
 */
public final class EjectingResolver implements RouteResolver {

    private final RouteResolver inner;
    private final UpstreamBreakers breakers;

    public EjectingResolver(RouteResolver inner, UpstreamBreakers breakers) {
        this.inner = inner;
        this.breakers = breakers;
    }

    @Override
    public Future<Resolution> resolve(RequestHead request) {
        return inner.resolve(request).map(breakers::admit);
    }

    @Override
    public Future<Resolution> resolveAgain(RequestHead request, Route before) {
        return inner.resolveAgain(request, before).map(breakers::admit);
    }

    @Override
    public String userKey(RequestHead request) {
        return inner.userKey(request);
    }

    @Override
    public long generation(String userKey) {
        return inner.generation(userKey);
    }

    @Override
    public Resolution fallback(RequestHead request) {
        return breakers.admit(inner.fallback(request));
    }
}
