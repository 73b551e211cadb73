package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Sees one upstream response as it streams to the client, for a shadow comparison: its head, each chunk, and how it
 * ended. Called on the request's event loop; an implementation copies what it keeps and must not block, delay or
 * alter anything (the client's bytes are already on their way).
 */
public interface ResponseTap {

    /** The upstream answered with this status and these headers (as received, before hop-by-hop removal). */
    void head(int status, MultiMap headers);

    /** A chunk of the body, about to be passed on to the client; the buffer is not the tap's to keep. */
    void chunk(Buffer chunk);

    /** The whole body reached the client. */
    void ended();

    /** The exchange failed (no response, or a broken one): there is nothing to compare. */
    void failed();
}
