package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Admission;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.RequestTracing;
import dev.strangler.proxy.forward.ResponseTaps;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.proxy.forward.Tunnels;
import io.vertx.core.Vertx;

/**
 * What every connection of one plane shares: its settings, the screen, the {@link Admission} that routes requests
 * and counts them among their user's requests in flight (as in the Vert.x plane), the recorder of their statuses,
 * their spans, the shadow comparison's taps, the WebSocket tunnels by user (restarted when the user's route changes),
 * the header editor, the Vert.x instance whose timers end abandoned requests' counts, and whether the plane is
 * draining (busy connections then close after their response).
 */
final class EdgeRoutes {

    final ProxySettings settings;
    final Admission admission;
    final RequestTracing tracing;
    final ResponseTaps taps;
    final Tunnels tunnels;
    final Vertx vertx;
    final ExchangeRecorder recorder;
    final EdgeHeaders headers;
    final EdgeScreen screen;
    private volatile boolean draining;

    EdgeRoutes(Vertx vertx, ProxySettings settings, RouteResolver resolver, ExchangeRecorder recorder,
               RequestTracing tracing, InFlightUsers inFlight, Tunnels tunnels, ResponseTaps taps) {
        this.vertx = vertx;
        this.settings = settings;
        this.admission = new Admission(resolver, inFlight);
        this.tracing = tracing;
        this.taps = taps;
        this.tunnels = tunnels;
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
