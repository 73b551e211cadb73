package dev.strangler.proxy.forward;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * The two sockets of one WebSocket after its handshake, spliced byte for byte, each paced by the other. The bytes
 * toward the client are followed frame by frame ({@link FrameBoundary}) so that {@link #restart()} can end the
 * tunnel with a close frame {@code 1012 Service Restart} between two frames; an upstream that stops mid-frame is
 * cut off after {@value #RESTART_GRACE_MILLIS} ms without one.
 */
final class SplicedTunnel implements Tunnels.Tunnel {

    private static final long RESTART_GRACE_MILLIS = 2000;
    private static final Buffer SERVICE_RESTART = Buffer.buffer(new byte[] {(byte) 0x88, 0x02, 0x03, (byte) 0xf4});

    private final Context context;
    private final NetSocket client;
    private final NetSocket upstream;
    private final FrameBoundary toClient = new FrameBoundary();
    private final Runnable onClose;
    private boolean restarting;
    private boolean closed;

    SplicedTunnel(Context context, NetSocket client, NetSocket upstream, Runnable onClose) {
        this.context = context;
        this.client = client;
        this.upstream = upstream;
        this.onClose = onClose;
    }

    void start() {
        client.handler(bytes -> relay(bytes, upstream, client));
        upstream.handler(bytes -> {
            if (!restarting) {
                toClient.advance(bytes);
                relay(bytes, client, upstream);
                return;
            }
            int end = toClient.advanceToBoundary(bytes);
            relay(end == bytes.length() ? bytes : bytes.slice(0, end), client, upstream);
            if (toClient.atBoundary()) {
                closeWithRestart();
            }
        });
        client.closeHandler(gone -> close());
        upstream.closeHandler(gone -> close());
        client.exceptionHandler(failed -> close());
        upstream.exceptionHandler(failed -> close());
        upstream.resume();
    }

    /** Ends the tunnel with 1012 at the next frame boundary toward the client; safe from any thread. */
    @Override
    public void restart() {
        context.runOnContext(ignored -> {
            if (closed) {
                return;
            }
            restarting = true;
            upstream.pause();
            if (toClient.atBoundary()) {
                closeWithRestart();
            } else {
                upstream.resume();
                context.owner().setTimer(RESTART_GRACE_MILLIS, late -> close());
            }
        });
    }

    private static void relay(Buffer bytes, NetSocket to, NetSocket from) {
        to.write(bytes);
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(drained -> from.resume());
        }
    }

    private void closeWithRestart() {
        if (closed) {
            return;
        }
        client.write(SERVICE_RESTART).onComplete(written -> close());
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        upstream.close();
        onClose.run();
    }
}
