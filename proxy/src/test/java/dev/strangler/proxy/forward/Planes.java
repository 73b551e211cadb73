package dev.strangler.proxy.forward;

import dev.strangler.proxy.edge.EdgePlane;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Starts the data plane the black-box suites run against: the Vert.x plane, or the Netty plane of
 * {@code dev.strangler.proxy.edge} when the system property {@value #PROPERTY} is {@code netty}
 * ({@code ./mvnw ... verify -Dtest=ForwardingTest -Dstrangler.dataPlane=netty}). The assertions are the same for both;
 * each overload takes what the same overload of {@code DataPlane.start} takes.
 */
public final class Planes {

    public static final String PROPERTY = "strangler.dataPlane";

    private Planes() {
    }

    public static boolean netty() {
        return "netty".equals(System.getProperty(PROPERTY, "vertx"));
    }

    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder) {
        return netty() ? EdgePlane.start(vertx, settings, options, resolver, recorder)
                : DataPlane.start(vertx, settings, options, resolver, recorder);
    }

    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder, RequestTracing tracing) {
        return start(vertx, settings, options, resolver, recorder, tracing, new InFlightUsers(vertx));
    }

    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder, RequestTracing tracing,
                                          InFlightUsers inFlight) {
        return start(vertx, settings, options, resolver, recorder, tracing, inFlight, new Tunnels(),
                ResponseTaps.none());
    }

    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder, RequestTracing tracing,
                                          InFlightUsers inFlight, Tunnels tunnels, ResponseTaps taps) {
        return netty() ? EdgePlane.start(vertx, settings, options, resolver, recorder, tracing, inFlight, tunnels, taps)
                : DataPlane.start(vertx, settings, options, resolver, recorder, tracing, inFlight, tunnels, taps);
    }
}
