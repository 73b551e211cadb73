package dev.strangler.migrator;

import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The requests this instance has in flight to each upstream, per user, as the proxy's forwarding path counts them.
 * A migration waits for the user's legacy requests to finish before it reads legacy (the first half of the write
 * fence, SPEC §4.2): a write still on its way to legacy would otherwise land after the read.
 *
 * <pre>{@code
 * requests.drained("ALFKI", Upstream.LEGACY, Duration.ofSeconds(2))   // true at once when none is in flight
 * }</pre>
 */
public interface InFlightRequests {

    /** Nothing is counted (a command-line process forwards no requests): always drained. */
    InFlightRequests NONE = new InFlightRequests() {
        @Override
        public Future<Boolean> drained(String userKey, Upstream upstream, Duration bound) {
            return Future.succeededFuture(true);
        }

        @Override
        public String toString() {
            return "no requests counted";
        }
    };

    /**
     * Completes with true as soon as no request of the user is in flight to {@code upstream} on this instance, or
     * with false when some still are after {@code bound}. Never fails.
     */
    Future<Boolean> drained(String userKey, Upstream upstream, Duration bound);
}
