package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import java.util.function.Supplier;

/**
 * Chooses the requests whose responses are tapped ({@link ResponseTap}), once per forwarded request after its route
 * is known. Called on the event loop for every request, so a refusal must be cheap.
 */
@FunctionalInterface
public interface ResponseTaps {

    /**
     * A tap for this request's response, or null to leave it alone.
     *
     * @param upstreamHeaders the headers the upstream request carries, built on demand (a copy the tap may keep)
     */
    ResponseTap open(RequestHead request, Route route, Supplier<MultiMap> upstreamHeaders);

    /** Taps nothing. */
    static ResponseTaps none() {
        return (request, route, headers) -> null;
    }

}
