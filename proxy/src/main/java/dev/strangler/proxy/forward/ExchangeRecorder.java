package dev.strangler.proxy.forward;

/**
 * Receives one event per forwarded or refused request, for metrics. Called on the event loop: implementations
 * must be cheap and must not block.
 */
@FunctionalInterface
public interface ExchangeRecorder {

    /**
     * @param route         where the request went, or null when the proxy refused it before routing
     * @param status        the status the client received
     * @param upstreamNanos time from opening the upstream request to the end of its response; 0 if never sent
     */
    void record(Route route, int status, long upstreamNanos);

    static ExchangeRecorder none() {
        return (route, status, upstreamNanos) -> { };
    }
}
