package dev.strangler.proxy.edge;

import io.netty.handler.codec.http.HttpObject;

/** What an upstream channel reports to the exchange it is leased to, on their shared event loop. */
interface UpstreamExchange {

    /** A decoded part of the response; the exchange owns it (passes it on or releases it). */
    void upstreamRead(HttpObject part);

    /** The end of one read batch: time to flush what was passed on. */
    void upstreamReadComplete();

    /** The upstream's send buffer filled up or drained: pace the client's body accordingly. */
    void upstreamWritable(boolean writable);

    /** The channel closed or failed before the exchange let it go. */
    void upstreamFailed(Throwable cause);
}
