package dev.strangler.proxy.forward;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** An upstream response body that shows each chunk to a {@link ResponseTap} just before passing it on
 * (the tap copies what it keeps: a buffer written to the client may be released by the transport). */
final class TappedBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final ResponseTap tap;

    TappedBody(ReadStream<Buffer> source, ResponseTap tap) {
        this.source = source;
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

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(endHandler);
        return this;
    }
}
