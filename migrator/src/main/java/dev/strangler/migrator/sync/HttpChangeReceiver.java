package dev.strangler.migrator.sync;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The change events of Debezium Server's HTTP sink (or of anything that forwards Kafka Connect's topics the same
 * way), for {@code strangler sync --from http}: {@code POST /debezium/legacy} and {@code POST /debezium/modern}, one
 * event per request, its body the event's JSON value (with or without the converter's {@code schema}/
 * {@code payload} envelope), the connector run with {@code provide.transaction.metadata} so transaction boundaries
 * are posted too. Events are gathered per side until their transaction's {@code END}, then the whole transaction is
 * applied as the embedded engine's are ({@link ChangeStream.Sink}); the {@code END} is answered once it is applied,
 * 200, or 503 when the apply failed (the sink retries it). An event is answered 200 once gathered: a process that
 * stops with a transaction gathered but not ended loses it, and its users are caught up at their next change.
 * Answers 404 for another path or side, 400 for a body that is not a JSON object.
 */
final class HttpChangeReceiver implements Capture {

    private static final Logger LOG = Logger.getLogger(HttpChangeReceiver.class.getName());
    private static final String PATH = "/debezium/";

    private final Vertx vertx;
    private final Map<String, ChangeStream.Sink> sinks;
    private final Map<String, List<JsonObject>> open = new HashMap<>();
    private HttpServer server;
    private Future<Integer> listening;

    /** @param sinks by side ({@code legacy}, {@code modern}): where each side's whole transactions go */
    HttpChangeReceiver(Vertx vertx, Map<String, ChangeStream.Sink> sinks) {
        this.vertx = vertx;
        this.sinks = Map.copyOf(sinks);
        sinks.keySet().forEach(side -> open.put(side, new ArrayList<>()));
    }

    /** A receiver starting to listen on {@code host:port}; one whose port cannot be bound reports {@link #failed}. */
    static HttpChangeReceiver listening(Vertx vertx, Map<String, ChangeStream.Sink> sinks, String host, int port) {
        HttpChangeReceiver receiver = new HttpChangeReceiver(vertx, sinks);
        receiver.listen(host, port).onFailure(error -> LOG.log(Level.SEVERE, "sync: cannot listen on " + host + ":"
                + port + " for change events: " + error));
        return receiver;
    }

    /** Listens on the port (0 for any); completes with the port bound. */
    Future<Integer> listen(String host, int port) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        listening = server.listen(port, host).map(HttpServer::actualPort);
        return listening;
    }

    @Override
    public boolean failed() {
        return listening != null && listening.failed();
    }

    @Override
    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        String side = request.path().startsWith(PATH) ? request.path().substring(PATH.length()) : "";
        if (request.method() != HttpMethod.POST || !sinks.containsKey(side)) {
            request.response().setStatusCode(404).end("expected: POST " + PATH + "legacy or " + PATH + "modern");
            return;
        }
        request.body().onSuccess(body -> {
            JsonObject event;
            try {
                event = unwrapped(new JsonObject(body));
            } catch (DecodeException | ClassCastException e) {
                request.response().setStatusCode(400).end("expected: a Debezium change event as a JSON object");
                return;
            }
            received(side, event).onComplete(done -> request.response().setStatusCode(done.succeeded() ? 200 : 503)
                    .end(done.succeeded() ? "" : "not applied, retry: " + done.cause().getMessage()));
        });
    }

    /** The event without the JSON converter's envelope, when it has one. */
    private static JsonObject unwrapped(JsonObject value) {
        return value.containsKey("schema") && value.getValue("payload") instanceof JsonObject payload
                ? payload : value;
    }

    /**
     * Gathers a change or message event; on its transaction's {@code END}, applies the transaction gathered (on a
     * worker, one at a time, as Debezium's thread does) and forgets it once applied.
     */
    private Future<Void> received(String side, JsonObject event) {
        List<JsonObject> gathered = open.get(side);
        if (!event.containsKey("status")) {
            gathered.add(event);
            return Future.succeededFuture();
        }
        if (!"END".equals(event.getString("status")) || gathered.isEmpty()) {
            return Future.succeededFuture();
        }
        List<JsonObject> transaction = List.copyOf(gathered);
        return vertx.<Void>executeBlocking(() -> {
            sinks.get(side).accept(ChangeStream.transaction(side, transaction));
            return null;
        }, true).onSuccess(applied -> gathered.subList(0, transaction.size()).clear())
                .onFailure(error -> LOG.log(Level.WARNING, "sync: the " + side + " transaction "
                        + event.getString("id") + " posted over HTTP was not applied: " + error));
    }
}
