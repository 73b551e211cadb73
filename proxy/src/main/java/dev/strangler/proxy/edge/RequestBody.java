package dev.strangler.proxy.edge;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The body of one client request as it passes through: its framing (none, a length, or chunked), the parts that
 * arrived while the upstream was still being reached (held, never copied, until {@link #drainTo}), the count
 * against the limit of a chunked body (a body with a length was checked against it up front), and whether the last
 * part arrived. Used from the client channel's event loop only.
 */
final class RequestBody {

    /** What a part means for the exchange. */
    enum Part { PASSED, LAST, TOO_LARGE, MALFORMED }

    private final boolean present;
    private final boolean chunked;
    private final long limit;
    private final ArrayDeque<HttpContent> held = new ArrayDeque<>(2);
    private long bytes;
    private boolean complete;

    RequestBody(HttpHeaders headers, long limit) {
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        this.present = headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
                || (length != null && !"0".equals(length));
        this.chunked = present && length == null;
        this.limit = limit;
    }

    /** Whether the request has a body at all (a request without one may be retried). */
    boolean present() {
        return present;
    }

    /** Whether the body's length is unknown, so the upstream request is chunked. */
    boolean chunked() {
        return chunked;
    }

    boolean complete() {
        return complete;
    }

    /**
     * Takes one part: checks it, counts it, drops a last part's trailer fields. A part that is not
     * {@link Part#PASSED} or {@link Part#LAST} has been released.
     */
    Part take(HttpContent part) {
        if (part.decoderResult().isFailure()) {
            ReferenceCountUtil.release(part);
            return Part.MALFORMED;
        }
        bytes += part.content().readableBytes();
        if (chunked && limit > 0 && bytes > limit) {
            ReferenceCountUtil.release(part);
            return Part.TOO_LARGE;
        }
        if (part instanceof LastHttpContent last) {
            EdgeHeaders.dropTrailers(last);
            complete = true;
            return Part.LAST;
        }
        return Part.PASSED;
    }

    /** Holds a taken part until the upstream channel is there. */
    void hold(HttpContent part) {
        held.add(part);
    }

    /** Writes the parts held so far, in order, without flushing. */
    void drainTo(Channel upstream) {
        HttpContent part;
        while ((part = held.poll()) != null) {
            upstream.write(part);
        }
    }

    /**
     * Takes one part ({@link #take}) and passes it on to {@code upstream}, or holds it while there is none yet; the
     * client is no longer read while the upstream cannot take more. Returns what the part meant.
     */
    Part pass(HttpContent part, Channel upstream, Channel client) {
        Part taken = take(part);
        if (taken == Part.MALFORMED || taken == Part.TOO_LARGE) {
            return taken;
        }
        if (upstream == null) {
            hold(part);
            return taken;
        }
        upstream.write(part);
        if (taken == Part.LAST) {
            upstream.flush();
        } else if (!upstream.isWritable()) {
            client.config().setAutoRead(false);
        }
        return taken;
    }

    /** Releases what is held: the request will not be sent. */
    void discard() {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }
}
