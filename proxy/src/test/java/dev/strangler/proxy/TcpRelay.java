package dev.strangler.proxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between Strangler and a real database, for tests of a database that goes away: it forwards bytes
 * both ways, refuses (closes every connection, and each new one at once), drops (holds every connection open and
 * forwards nothing, as when packets are lost on the way), or holds (stops reading both ways, so every byte waits
 * and is delivered once it forwards again, as on a link that stalls), until told to forward again.
 */
final class TcpRelay {

    enum Mode { FORWARD, REFUSE, DROP, HOLD }

    private final Vertx vertx;
    private final String targetHost;
    private final int targetPort;
    private final List<NetSocket> open = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private NetServer server;

    TcpRelay(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    Future<TcpRelay> start() {
        server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(this::accept);
        return server.listen().map(this);
    }

    int port() {
        return server.actualPort();
    }

    /** Forwards, refuses or drops from now on; refusing closes every connection open. */
    void mode(Mode next) {
        mode = next;
        if (next == Mode.REFUSE) {
            open.forEach(NetSocket::close);
        }
        if (next == Mode.HOLD) {
            open.forEach(NetSocket::pause);
        } else {
            open.forEach(NetSocket::resume);
        }
    }

    private void accept(NetSocket client) {
        if (mode == Mode.REFUSE) {
            client.close();
            return;
        }
        client.pause();
        open.add(client);
        client.closeHandler(closed -> open.remove(client));
        vertx.createNetClient().connect(targetPort, targetHost).onSuccess(target -> {
            open.add(target);
            target.closeHandler(closed -> {
                open.remove(target);
                client.close();
            });
            client.closeHandler(closed -> {
                open.remove(client);
                target.close();
            });
            client.handler(bytes -> {
                if (mode == Mode.FORWARD || mode == Mode.HOLD) {
                    target.write(bytes);
                }
            });
            target.handler(bytes -> {
                if (mode == Mode.FORWARD || mode == Mode.HOLD) {
                    client.write(bytes);
                }
            });
            if (mode == Mode.HOLD) {
                target.pause();
            } else {
                client.resume();
            }
        }).onFailure(failed -> client.close());
    }

    Future<Void> close() {
        open.forEach(NetSocket::close);
        return server.close();
    }
}
