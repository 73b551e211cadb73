package dev.strangler.proxy.breaker;

/** What a breaker records for a failed request: a 5xx answer, or 502/504 for a connection that failed. */
final class UpstreamFailed extends RuntimeException {

    UpstreamFailed(int status) {
        super("HTTP " + status, null, false, false);
    }
}
