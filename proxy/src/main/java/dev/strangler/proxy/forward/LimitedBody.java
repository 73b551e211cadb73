package dev.strangler.proxy.forward;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body that stops at a size limit: a chunked body announces no length, so the proxy counts it as it
 * streams and calls {@code exceeded} (instead of passing on the chunk) once it grows beyond {@code maxBytes}.
 */
final class LimitedBody extends ForwardingBody {

    private final long maxBytes;
    private final Runnable exceeded;
    private long seen;
    private boolean over;

    LimitedBody(ReadStream<Buffer> source, long maxBytes, Runnable exceeded) {
        super(source);
        this.maxBytes = maxBytes;
        this.exceeded = exceeded;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(chunk -> {
            if (over) {
                return;
            }
            seen += chunk.length();
            if (seen > maxBytes) {
                over = true;
                source.pause();
                exceeded.run();
            } else {
                handler.handle(chunk);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        if (!over) {
            source.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (!over) {
            source.fetch(amount);
        }
        return this;
    }
}
