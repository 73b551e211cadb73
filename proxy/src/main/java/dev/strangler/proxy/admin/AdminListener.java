package dev.strangler.proxy.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The admin port (SPEC §6): {@code /health/live}, {@code /health/ready} and {@code /metrics}, which need no token.
 * The {@code /admin/**} API mounts its routes on {@link #router()} before the listener starts.
 */
public final class AdminListener {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Router router;
    private final HttpServer server;

    private AdminListener(Router router, HttpServer server) {
        this.router = router;
        this.server = server;
    }

    /** The routes of the admin port, with health and metrics already mounted. */
    public static Router router(Vertx vertx, Readiness readiness, PrometheusMeterRegistry registry) {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(context -> context.response()
                .putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}"));
        router.get("/health/ready").handler(context -> {
            boolean ready = readiness.isReady();
            context.response().setStatusCode(ready ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .end(ready ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
        router.get("/metrics").handler(context -> context.response()
                .putHeader("Content-Type", PROMETHEUS_TEXT).end(registry.scrape()));
        return router;
    }

    /** Listens on the options' host and port (0 for any free port). */
    public static Future<AdminListener> start(Vertx vertx, Router router, HttpServerOptions options) {
        HttpServer server = vertx.createHttpServer(options);
        return server.requestHandler(router).listen().map(listening -> new AdminListener(router, listening));
    }

    public Router router() {
        return router;
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }
}
