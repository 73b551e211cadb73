package dev.strangler.migrator.sync;

import dev.strangler.config.DatabaseUrl;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One side's change stream: Debezium's embedded engine with the PostgreSQL connector ({@code pgoutput}, a slot and
 * a publication of the captured tables, no initial snapshot: migration moved the data, the stream carries what
 * changes after), offsets in the state database ({@link StateOffsetStore}). Events are gathered into whole
 * transactions ({@code provide.transaction.metadata}) and handed to the sink one transaction at a time; their offsets
 * are committed only once the sink returned, so delivery is at least once.
 */
final class ChangeStream implements AutoCloseable {

    /** The prefix of the logical decoding message that marks a transaction as Strangler's own. */
    static final String MARKER_PREFIX = "strangler";

    /** Receives whole transactions on Debezium's thread; returns once applied. */
    interface Sink {
        void accept(CapturedTransaction transaction) throws InterruptedException;
    }

    private final String side;
    private final DebeziumEngine<ChangeEvent<String, String>> engine;
    private final ExecutorService thread;
    private final Promise<Void> stopped = Promise.promise();
    private final List<ChangeEvent<String, String>> open = new ArrayList<>();

    ChangeStream(String side, String slot, DatabaseUrl database, Set<String> tables, DatabaseUrl state, Sink sink) {
        this.side = side;
        Properties properties = properties(slot, database, tables, state);
        this.engine = DebeziumEngine.create(Json.class).using(properties)
                .notifying((events, committer) -> {
                    for (ChangeEvent<String, String> event : events) {
                        open.add(event);
                        if (ends(event)) {
                            sink.accept(transaction(open));
                            for (ChangeEvent<String, String> done : open) {
                                committer.markProcessed(done);
                            }
                            open.clear();
                        }
                    }
                    committer.markBatchFinished();
                })
                .using((success, message, error) -> {
                    if (success) {
                        stopped.tryComplete();
                    } else {
                        stopped.tryFail(error != null ? error : new IllegalStateException(message));
                    }
                })
                .build();
        this.thread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "strangler-sync-" + side));
    }

    static Properties properties(String slot, DatabaseUrl database, Set<String> tables, DatabaseUrl state) {
        Properties p = new Properties();
        p.setProperty("name", slot);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("database.hostname", database.host());
        p.setProperty("database.port", Integer.toString(database.port()));
        p.setProperty("database.user", database.user());
        p.setProperty("database.password", database.password() == null ? "" : database.password());
        p.setProperty("database.dbname", database.database());
        p.setProperty("topic.prefix", slot);
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("publication.name", slot);
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", tables.stream().sorted().map(Pattern::quote)
                .collect(Collectors.joining(",")));
        p.setProperty("snapshot.mode", "no_data");
        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("converter.schemas.enable", "false");
        p.setProperty("offset.storage", StateOffsetStore.class.getName());
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty(StateOffsetStore.PREFIX + "url", "jdbc:postgresql://" + state.host() + ":" + state.port()
                + "/" + state.database());
        p.setProperty(StateOffsetStore.PREFIX + "user", state.user());
        p.setProperty(StateOffsetStore.PREFIX + "password", state.password() == null ? "" : state.password());
        p.setProperty(StateOffsetStore.PREFIX + "stream", slot);
        return p;
    }

    /** Starts capturing on its own thread. */
    ChangeStream start() {
        thread.execute(engine);
        return this;
    }

    /** Completes when the engine stopped: after {@link #close()}, or failed with why it stopped by itself. */
    Future<Void> stopped() {
        return stopped.future();
    }

    private static boolean ends(ChangeEvent<String, String> event) {
        if (!event.destination().endsWith(".transaction")) {
            return false;
        }
        return "END".equals(new JsonObject(event.value()).getString("status"));
    }

    private CapturedTransaction transaction(List<ChangeEvent<String, String>> events) {
        List<JsonObject> values = new ArrayList<>();
        for (ChangeEvent<String, String> event : events) {
            if (event.value() != null && !event.destination().endsWith(".transaction")) {
                values.add(new JsonObject(event.value()));
            }
        }
        return transaction(side, values);
    }

    /**
     * One transaction's change and message events (Debezium's JSON without schemas, transaction boundaries left
     * out), as the sync applies it: its row changes, and whether Strangler wrote it (its marker message, or a write
     * to the state schema).
     */
    static CapturedTransaction transaction(String side, List<JsonObject> values) {
        String txId = null;
        Instant committed = null;
        boolean own = false;
        List<RowChange> changes = new ArrayList<>();
        for (JsonObject value : values) {
            JsonObject source = value.getJsonObject("source", new JsonObject());
            txId = String.valueOf(source.getValue("txId"));
            committed = Instant.ofEpochMilli(source.getLong("ts_ms", System.currentTimeMillis()));
            JsonObject message = value.getJsonObject("message");
            if (message != null) {
                own |= MARKER_PREFIX.equals(message.getString("prefix"));
                continue;
            }
            String table = source.getString("schema") + "." + source.getString("table");
            own |= table.startsWith("strangler.");
            changes.add(new RowChange(table, value.getString("op"), value.getJsonObject("before"),
                    value.getJsonObject("after")));
        }
        return new CapturedTransaction(side, txId, committed == null ? Instant.now() : committed, changes, own);
    }

    @Override
    public void close() {
        try {
            engine.close();
        } catch (IOException e) {
            stopped.tryFail(e);
        }
        thread.shutdown();
    }
}
