package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.RouteResolver;

/**
 * What every connection of one plane shares: its settings, the screen, the resolver that routes requests, the recorder that
 * counts them, the header editor, and whether the plane is draining (busy connections then close after their
 * response).
 */
final class EdgeRoutes {

    final ProxySettings settings;
    final RouteResolver resolver;
    final ExchangeRecorder recorder;
    final EdgeHeaders headers;
    final EdgeScreen screen;
    private volatile boolean draining;

    EdgeRoutes(ProxySettings settings, RouteResolver resolver, ExchangeRecorder recorder) {
        this.settings = settings;
        this.resolver = resolver;
        this.recorder = recorder;
        this.headers = new EdgeHeaders(settings.trustedProxies(), settings.hostHeader(), settings.revealRoute());
        this.screen = new EdgeScreen(settings.limits().maxBodyBytes());
    }

    boolean draining() {
        return draining;
    }

    void drain() {
        draining = true;
    }
}
