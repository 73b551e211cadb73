package dev.strangler.migrator.sync;

import io.vertx.core.Future;

/**
 * Where a sync's captured transactions come from while it holds the lease: Debezium's embedded engines
 * ({@link EmbeddedCapture}), or the change events a Debezium Server or Kafka Connect deployment posts
 * ({@link HttpChangeReceiver}). Either hands whole transactions to the sync's applies.
 */
interface Capture {

    /** True once it stopped by itself (a stream failed, a port could not be bound): the holder starts it again. */
    boolean failed();

    /** Stops capturing; completes once stopped (replication connections closed, port released). */
    Future<Void> stop();
}
