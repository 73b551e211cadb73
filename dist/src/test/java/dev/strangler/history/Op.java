package dev.strangler.history;

import java.util.Set;

/**
 * One operation of the history, as its client saw it: invoked, then completed with a {@link Result}. A write's
 * {@code value} is what it wrote (a contact title, or {@code orderId/productId/quantity} for an order once the
 * answer named its id); a read's is what it saw (the title, or the order ids in {@code seenOrders}).
 *
 * @param client     the client that ran it
 * @param user       the customer it acted as
 * @param kind       what it did
 * @param value      what it wrote or read; null when nothing is known
 * @param seenOrders the order ids a successful orders read listed, else empty
 * @param invoked    when it was sent, nanoseconds on the test's clock
 * @param completed  when its answer (or failure) arrived
 * @param status     the HTTP status, or 0 when no answer came
 * @param servedBy   the {@code X-Served-By} header: legacy, modern, or null (the proxy answered itself)
 * @param result     whether it certainly happened, certainly did not, or may have
 */
record Op(int client, String user, Kind kind, String value, Set<Long> seenOrders, long invoked, long completed,
          int status, String servedBy, Result result) {

    Op {
        seenOrders = Set.copyOf(seenOrders);
    }

    /** What a client does. */
    enum Kind {
        WRITE_TITLE(true), PLACE_ORDER(true), READ_PROFILE(false), READ_ORDERS(false);

        private final boolean write;

        Kind(boolean write) {
            this.write = write;
        }

        boolean isWrite() {
            return write;
        }
    }

    /**
     * An operation's outcome in Jepsen's terms: {@code OK} happened (a 2xx, acknowledged); {@code UNKNOWN} may have
     * or may yet (any other answer, a reset connection, a timeout): an unknown write can take effect at any time
     * after it was sent, so the checks allow its value but never require it. Nothing is counted as certainly
     * failed: a 4xx from an application whose commit was acknowledged to nobody is still a commit.
     */
    enum Result { OK, UNKNOWN }

    long millis() {
        return (completed - invoked) / 1_000_000;
    }

    @Override
    public String toString() {
        return "client " + client + " " + kind + " " + user + (value == null ? "" : " " + value)
                + (seenOrders.isEmpty() ? "" : " saw " + seenOrders) + " -> " + result + " " + status
                + (servedBy == null ? "" : " by " + servedBy) + " at +" + invoked / 1_000_000 + " ms, "
                + millis() + " ms";
    }
}
