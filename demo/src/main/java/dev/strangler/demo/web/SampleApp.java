package dev.strangler.demo.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.DatabaseException;

/**
 * One sample system's web server: the JSON API ({@link CustomerApi}), the HTML pages ({@link CustomerPages}) and
 * the probe endpoints ({@link ProbeRoutes}) over a {@link CustomerStore}. The legacy and the modern application
 * are this class with a different store and look, so their URL surfaces cannot drift apart.
 *
 * <p>Failures are turned into statuses here and only here: bad input (unparsable JSON or form, a value the
 * schema's constraints refuse) is 400, anything else 500, with {@code {"error", "detail"}} on the API.
 */
public final class SampleApp {

    private static final long MAX_BODY = 1024 * 1024;

    private SampleApp() {
    }

    /** Starts the server on {@code port} (0 for any free port). */
    public static Future<RunningApp> start(Vertx vertx, SampleSystem system, CustomerStore store, int port) {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.response().putHeader(SampleSystem.SERVED_BY, system.id());
            ctx.next();
        });
        new ProbeRoutes(system).mount(router);
        Faults faults = new Faults(vertx);
        router.route().handler(faults::handle);
        router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY));
        new CustomerApi(system, store).mount(router);
        new CustomerPages(system, store).mount(router);
        router.route().failureHandler(ctx -> fail(ctx, system));
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        return server.listen(port).map(listening -> new RunningApp(system, listening, faults));
    }

    private static void fail(RoutingContext ctx, SampleSystem system) {
        Throwable failure = ctx.failure();
        boolean badInput = isBadInput(failure);
        int status = failure == null ? ctx.statusCode() : badInput ? 400 : 500;
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        String detail = failure == null ? "" : badInput ? String.valueOf(failure.getMessage()) : "see the server log";
        if (!badInput && failure != null) {
            System.err.println(system.id() + ": " + ctx.request().method() + " " + ctx.request().path() + ": "
                    + failure);
        }
        ctx.response().setStatusCode(status);
        if (ctx.request().path().startsWith("/api/")) {
            ctx.json(new JsonObject().put("system", system.id())
                    .put("error", HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(java.util.Locale.ROOT))
                    .put("detail", detail));
        } else {
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(new HtmlPage(system, status < 500 ? "Please check your input" : "Something went wrong")
                            .raw("<p>").text(detail).raw("</p><p><a href=\"javascript:history.back()\">Back</a></p>")
                            .render());
        }
    }

    private static boolean isBadInput(Throwable failure) {
        if (failure instanceof DatabaseException db && db.getSqlState() != null) {
            return db.getSqlState().startsWith("22") || db.getSqlState().startsWith("23");
        }
        return failure instanceof IllegalArgumentException || failure instanceof DecodeException
                || failure instanceof NullPointerException || failure instanceof ClassCastException;
    }
}
