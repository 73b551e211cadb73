package dev.strangler.proxy.forward;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** An upstream response body that shows each chunk to a {@link ResponseTap} just before passing it on
 * (the tap copies what it keeps: a buffer written to the client may be released by the transport). */
final class TappedBody extends ForwardingBody {

    private final ResponseTap tap;

    TappedBody(ReadStream<Buffer> source, ResponseTap tap) {
        super(source);
        this.tap = tap;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        source.handler(handler == null ? null : chunk -> {
            tap.chunk(chunk);
            handler.handle(chunk);
        });
        return this;
    }
}
