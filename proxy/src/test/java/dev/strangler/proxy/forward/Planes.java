package dev.strangler.proxy.forward;

import dev.strangler.proxy.edge.EdgePlane;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Starts the data plane the black-box suites run against: the Vert.x plane, or the Netty plane of
 * {@code dev.strangler.proxy.edge} when the system property {@value #PROPERTY} is {@code netty}
 * ({@code ./mvnw ... verify -Dtest=ForwardingTest -Dstrangler.dataPlane=netty}). The assertions are the same for both.
 */
public final class Planes {

    static final String PROPERTY = "strangler.dataPlane";

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
}
