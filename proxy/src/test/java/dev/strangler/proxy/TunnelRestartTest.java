package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebSocket tunnel follows its user's route (issue 13.6): when an operator pins, migrates or rolls back the user,
 * the tunnel, spliced to the side the user was on, is closed with {@code 1012 Service Restart} so the client
 * reconnects and is routed afresh; other users' tunnels stay open.
 */
@ExtendWith(PostgresExtension.class)
class TunnelRestartTest {

    private static final int SERVICE_RESTART = 1012;

    private static Vertx vertx;
    private static RunningStrangler strangler;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        legacy.execute("INSERT INTO customers VALUES ('WSPIN', 'Pin Ltd', 'UK', NULL), "
                + "('WSMIG', 'Mig Ltd', 'UK', NULL), ('WSRBK', 'Rollback Ltd', 'UK', NULL), "
                + "('WSOTHER', 'Other Ltd', 'UK', NULL)");
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, RunningStrangler.withRollback(
                TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())));
        strangler = RunningStrangler.start(vertx, file);
    }

    @AfterAll
    static void stop() {
        strangler.stop();
        vertx.close().await();
    }

    @Test
    void pinningTheUser_restartsTheUsersTunnelOnly() throws Exception {
        Client pinned = Client.open("WSPIN");
        Client other = Client.open("WSOTHER");

        strangler.admin("PUT", "/admin/users/WSPIN/pin", "{\"to\": \"modern\"}");

        assertThat(pinned.closed.get(10, TimeUnit.SECONDS)).isEqualTo(SERVICE_RESTART);
        assertThat(other.echo("still here")).isEqualTo("still here");
        other.socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    }

    @Test
    void migratingTheUser_restartsTheTunnel() throws Exception {
        Client client = Client.open("WSMIG");
        assertThat(client.echo("before")).isEqualTo("before");

        strangler.admin("POST", "/admin/users/WSMIG/migrate", null);

        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(SERVICE_RESTART);
    }

    @Test
    void rollingTheUserBack_restartsTheTunnel() throws Exception {
        strangler.admin("POST", "/admin/users/WSRBK/migrate", null);
        Client client = Client.open("WSRBK");
        assertThat(client.echo("on modern")).isEqualTo("on modern");

        strangler.admin("POST", "/admin/users/WSRBK/rollback", null);

        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(SERVICE_RESTART);
    }

    /** A WebSocket client through the proxy as one user, collecting echoes and the close code. */
    private static final class Client implements WebSocket.Listener {

        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final LinkedBlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        WebSocket socket;

        static Client open(String user) throws Exception {
            Client client = new Client();
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("X-User-Id", user)
                    .buildAsync(URI.create("ws://127.0.0.1:" + strangler.server().port() + "/ws"), client)
                    .get(10, TimeUnit.SECONDS);
            return client;
        }

        String echo(String text) throws Exception {
            socket.sendText(text, true).get(10, TimeUnit.SECONDS);
            return echoes.poll(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            echoes.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
