package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestScreen;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.impl.headers.HeadersAdaptor;

/**
 * The Vert.x plane's {@link RequestScreen}, applied to Netty's {@code HttpRequest}: the same checks, in one place,
 * with the request's headers seen as a {@code MultiMap} (no copy), so the two planes refuse exactly the same
 * requests (request smuggling, SPEC §9). The caller answers a decoder failure before asking.
 */
final class EdgeScreen {

    private final RequestScreen screen;

    EdgeScreen(long maxBodyBytes) {
        this.screen = new RequestScreen(maxBodyBytes);
    }

    /** The reason to refuse this request, or null when it may be forwarded. */
    Rejection check(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return Rejection.badRequest("Bad Request");
        }
        return screen.check(request.method().name(), request.uri(),
                HttpVersion.HTTP_1_1.equals(request.protocolVersion()),
                HttpVersion.HTTP_1_0.equals(request.protocolVersion()), new HeadersAdaptor(request.headers()));
    }
}
