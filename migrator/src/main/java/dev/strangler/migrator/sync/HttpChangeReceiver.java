package dev.strangler.migrator.sync;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The change events of Debezium Server's HTTP sink (or of a Kafka Connect HTTP sink forwarding a connector's table
 * and transaction topics), for {@code strangler sync --from http}: {@code POST /debezium/legacy} and
 * {@code POST /debezium/modern}, one event per request, its body the event's JSON value (with or without the
 * converter's {@code schema}/{@code payload} envelope), the connector run with {@code provide.transaction.metadata}.
 * Each event is stored in the state database's inbox ({@link SyncInbox}) before it is answered 200 (503 when it could
 * not be stored: the sink retries it), so an acknowledged event is never lost; a transaction is applied from the inbox
 * once its {@code END} and every event it counts are in, whatever order they came in, on one thread, one transaction
 * at a time, as the embedded engine's are ({@link ChangeStream.Sink}), and forgotten once applied. A restart, or a
 * standby taking over the lease, applies what the inbox holds first. A repeated apply (a stop between the apply and
 * the forgetting) re-reads and writes nothing new. Answers 404 for another path or side, 400 for a body that is not a
 * JSON object or an event that names no transaction.
 */
final class HttpChangeReceiver implements Capture {

    private static final Logger LOG = Logger.getLogger(HttpChangeReceiver.class.getName());
    private static final String PATH = "/debezium/";
    private static final long RETRY_MS = 2_000;

    private final Vertx vertx;
    private final SyncInbox inbox;
    private final Map<String, ChangeStream.Sink> sinks;
    private final ExecutorService applier;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final long timer;
    private volatile boolean stopping;
    private HttpServer server;
    private Future<Integer> listening;

    /**
     * @param inbox where posted events wait for their transaction to be complete
     * @param sinks by side ({@code legacy}, {@code modern}): where each side's whole transactions go
     */
    HttpChangeReceiver(Vertx vertx, SyncInbox inbox, Map<String, ChangeStream.Sink> sinks) {
        this.vertx = vertx;
        this.inbox = inbox;
        this.sinks = Map.copyOf(sinks);
        this.applier = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "strangler-sync-inbox");
            thread.setDaemon(true);
            return thread;
        });
        this.timer = vertx.setPeriodic(0, RETRY_MS, id -> drain());
    }

    /** Starts listening (a failure to bind is logged and makes {@link #failed()} true) and applies the inbox. */
    static HttpChangeReceiver listening(Vertx vertx, SyncInbox inbox, Map<String, ChangeStream.Sink> sinks,
                                        String host, int port) {
        HttpChangeReceiver receiver = new HttpChangeReceiver(vertx, inbox, sinks);
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
        stopping = true;
        vertx.cancelTimer(timer);
        applier.shutdownNow();
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
            String txId = SyncInbox.transactionOf(event);
            if (txId == null) {
                request.response().setStatusCode(400).end("expected: an event of a transaction (transaction.id or"
                        + " source.txId; run the connector with provide.transaction.metadata=true)");
                return;
            }
            if ("BEGIN".equals(event.getString("status"))) {
                request.response().setStatusCode(200).end();
                return;
            }
            inbox.store(side, txId, event).onComplete(stored -> {
                request.response().setStatusCode(stored.succeeded() ? 200 : 503)
                        .end(stored.succeeded() ? "" : "not stored, retry: " + stored.cause().getMessage());
                if (stored.succeeded()) {
                    drain();
                }
            });
        });
    }

    /** The event without the JSON converter's envelope, when it has one. */
    private static JsonObject unwrapped(JsonObject value) {
        return value.containsKey("schema") && value.getValue("payload") instanceof JsonObject payload
                ? payload : value;
    }

    /**
     * Applies every complete transaction of the inbox, oldest END first, on the applier thread; requests made while
     * one runs coalesce into the next. A failure to read the inbox is retried by the timer.
     */
    private void drain() {
        if (stopping || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            applier.execute(this::applyComplete);
        } catch (RejectedExecutionException stopped) {
            scheduled.set(false);
        }
    }

    private void applyComplete() {
        scheduled.set(false);
        SyncInbox.Complete applying = null;
        try {
            for (SyncInbox.Complete transaction : waitFor(inbox.complete())) {
                if (stopping) {
                    return;
                }
                applying = transaction;
                sinks.get(transaction.side()).accept(ChangeStream.transaction(transaction.side(),
                        waitFor(inbox.events(transaction))));
                waitFor(inbox.applied(transaction));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "sync: the inbox of posted change events cannot be read or updated, retrying: "
                    + e.getCause());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "sync: the posted " + applying + " cannot be applied (it stays in"
                    + " strangler.sync_inbox and is retried): " + e, e);
        }
    }

    private static <T> T waitFor(Future<T> future) throws InterruptedException, ExecutionException {
        return future.toCompletionStage().toCompletableFuture().get();
    }
}
