package dev.strangler.proxy.admin;

import dev.strangler.config.ServerLimits;
import dev.strangler.proxy.forward.ConnectionGuard;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin port (SPEC §6): {@code /health/live}, {@code /health/ready} and {@code /metrics}, which need no token.
 * The {@code /admin/**} API mounts its routes on {@link #router()} before the listener starts. The port holds the
 * same line as the data plane ({@code admin.limits}): a cap on connections, a time to send a request head, an idle
 * timeout, and sizes for lines, headers and bodies, so a scraper or a stray client cannot exhaust it.
 */
public final class AdminListener {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Router router;
    private final HttpServer server;
    private final ConnectionGuard guard;

    private AdminListener(Router router, HttpServer server, ConnectionGuard guard) {
        this.router = router;
        this.server = server;
        this.guard = guard;
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

    /**
     * Listens as the options say (host, port, line and header sizes, idle timeout) within {@code limits}'
     * connection cap, time for a request head and body size.
     */
    public static Future<AdminListener> start(Vertx vertx, Router router, HttpServerOptions options,
                                              ServerLimits limits) {
        Context context = vertx.getOrCreateContext();
        Promise<AdminListener> started = Promise.promise();
        context.runOnContext(onLoop -> {
            ConnectionGuard guard = new ConnectionGuard(vertx, new AtomicInteger(), limits.maxConnections(),
                    limits.headerReadTimeout());
            HttpServer server = vertx.createHttpServer(options);
            server.connectionHandler(guard::accepted).requestHandler(request -> {
                guard.requestArrived(request.connection());
                request.response().endHandler(ended -> guard.responseEnded(request.connection()));
                if (tooLarge(request, limits.maxBodySize())) {
                    request.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                            .putHeader("Connection", "close")
                            .end("{\"error\":\"too_large\",\"detail\":\"body over " + limits.maxBodySize()
                                    + " bytes\"}");
                    return;
                }
                router.handle(request);
            });
            guard.start();
            server.listen().map(listening -> new AdminListener(router, listening, guard)).onComplete(started);
        });
        return started.future();
    }

    private static boolean tooLarge(HttpServerRequest request, long maxBodySize) {
        String length = request.getHeader("Content-Length");
        if (maxBodySize <= 0 || length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > maxBodySize;
        } catch (NumberFormatException unreadable) {
            return true;
        }
    }

    public Router router() {
        return router;
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        guard.stop();
        return server.close();
    }
}
