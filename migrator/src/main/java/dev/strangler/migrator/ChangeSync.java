package dev.strangler.migrator;

import io.vertx.core.Future;

/**
 * A running {@code strangler sync}: it waits for the lease, then captures both databases' changes with Debezium and
 * applies them; it stands by again if the lease is lost. {@link #close()} stops it and lets the lease go.
 */
public interface ChangeSync extends AutoCloseable {

    /** True while this process holds the lease and its streams run. */
    boolean active();

    /** The figures so far (this process's own). */
    SyncStatus status();

    /** Completes when the process stopped for good: closed, or failed (the cause). */
    Future<Void> stopped();

    @Override
    void close();
}
