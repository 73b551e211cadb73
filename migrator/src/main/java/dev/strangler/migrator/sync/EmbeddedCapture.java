package dev.strangler.migrator.sync;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.migrator.Coexistence.SyncSettings;
import io.vertx.core.Future;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Both databases captured by Debezium's embedded engine in this process, each into its sink ({@link ChangeStream}). */
final class EmbeddedCapture implements Capture {

    private static final Logger LOG = Logger.getLogger(EmbeddedCapture.class.getName());

    private final ChangeStream legacy;
    private final ChangeStream modern;

    private EmbeddedCapture(ChangeStream legacy, ChangeStream modern) {
        this.legacy = legacy;
        this.modern = modern;
    }

    /** Starts both streams: the slots of the sync's name, offsets in the state (modern) database. */
    static EmbeddedCapture start(SyncSettings settings, DatabaseUrl legacyDb, DatabaseUrl modernDb,
                                 UserKeyColumns keys, ChangeStream.Sink legacySink, ChangeStream.Sink modernSink) {
        return new EmbeddedCapture(stream(settings, "legacy", legacyDb, keys.legacyTables(), modernDb, legacySink),
                stream(settings, "modern", modernDb, keys.modernTables(), modernDb, modernSink));
    }

    private static ChangeStream stream(SyncSettings settings, String side, DatabaseUrl database, Set<String> tables,
                                       DatabaseUrl state, ChangeStream.Sink sink) {
        ChangeStream stream = new ChangeStream(side, settings.slot(side), database, tables, state, sink);
        stream.stopped().onFailure(error -> LOG.log(Level.SEVERE, "sync {0}: the {1} stream stopped: {2}",
                new Object[] {settings.name(), side, error.toString()}));
        return stream.start();
    }

    @Override
    public boolean failed() {
        return legacy.stopped().isComplete() || modern.stopped().isComplete();
    }

    @Override
    public Future<Void> stop() {
        legacy.close();
        modern.close();
        return Future.join(legacy.stopped(), modern.stopped()).<Void>mapEmpty().otherwiseEmpty();
    }
}
