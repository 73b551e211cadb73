package dev.strangler.history;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP relay in front of the legacy application that can hold every chunk a client sends for a while: a slow
 * legacy system, as the proxy sees it. Order within a connection is kept (the client socket is paused while a
 * chunk waits); answers pass at once.
 */
final class DelayingRelay implements AutoCloseable {

    private final NetServer server;
    private volatile long delayMillis;

    private DelayingRelay(NetServer server) {
        this.server = server;
    }

    static DelayingRelay start(Vertx vertx, int targetPort) {
        NetClient client = vertx.createNetClient();
        DelayingRelay[] relay = new DelayingRelay[1];
        NetServer server = vertx.createNetServer().connectHandler(incoming -> {
            incoming.pause();
            client.connect(targetPort, "127.0.0.1").onSuccess(upstream -> {
                upstream.handler(incoming::write);
                upstream.closeHandler(closed -> incoming.close());
                incoming.closeHandler(closed -> upstream.close());
                incoming.handler(chunk -> relay[0].pass(vertx, incoming, upstream, chunk));
                incoming.resume();
            }).onFailure(error -> incoming.close());
        }).listen(0, "127.0.0.1").await();
        relay[0] = new DelayingRelay(server);
        return relay[0];
    }

    private void pass(Vertx vertx, NetSocket incoming, NetSocket upstream, Buffer chunk) {
        long delay = delayMillis;
        if (delay <= 0) {
            upstream.write(chunk);
            return;
        }
        incoming.pause();
        vertx.setTimer(delay, timer -> {
            upstream.write(chunk);
            incoming.resume();
        });
    }

    int port() {
        return server.actualPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    void delay(long millis) {
        delayMillis = millis;
    }

    @Override
    public void close() {
        server.close().await();
    }
}
