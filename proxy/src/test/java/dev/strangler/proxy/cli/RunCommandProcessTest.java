package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strangler run} as an operator runs it: a separate JVM with a configuration file and
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, serving traffic, then SIGTERM: it drains, stops, flushes the request's
 * span to the OTLP endpoint, and exits 0.
 */
@ExtendWith(PostgresExtension.class)
class RunCommandProcessTest {

    private static final Pattern LISTENING = Pattern.compile("proxy listening on port (\\d+), admin on port (\\d+)");

    @Test
    void sigterm_stopsGracefullyFlushesTracesAndExits0(@Postgres("legacy") TestDatabase legacy,
                                          @Postgres("modern") TestDatabase modern,
                                          @TempDir Path directory) throws Exception {
        execute(legacy, "CREATE TABLE customers (customer_id text PRIMARY KEY, company_name text NOT NULL)");
        execute(modern, "CREATE TABLE customer (id text PRIMARY KEY, name text NOT NULL)");
        Vertx vertx = Vertx.vertx();
        try {
            EchoBackend app = new EchoBackend("legacy").start(vertx).await();
            BlockingQueue<String> exported = new LinkedBlockingQueue<>();
            HttpServer collector = vertx.createHttpServer().requestHandler(request -> request.body()
                    .onSuccess(body -> {
                        exported.add(request.path() + " " + body.toString(StandardCharsets.ISO_8859_1));
                        request.response().putHeader("Content-Type", "application/x-protobuf").end();
                    })).listen(0, "127.0.0.1").await();
            Path config = directory.resolve("strangler.yaml");
            Files.writeString(config, """
                    server: { host: 127.0.0.1, port: %d, drainTimeout: 2s }
                    admin: { host: 127.0.0.1, port: %d, token: "a-test-token-of-sufficient-length" }
                    upstreams:
                      legacy: { url: "http://127.0.0.1:%d" }
                      modern: { url: "http://127.0.0.1:%d" }
                    routing:
                      routes: [ { path: "/**", to: legacy } ]
                    migration:
                      legacy: "%s"
                      modern: "%s"
                      users: "SELECT customer_id FROM customers"
                      entities:
                        - name: customer
                          fetch: "SELECT * FROM customers WHERE customer_id = $1"
                          map: { id: row.customer_id, name: row.company_name }
                          upsert: "INSERT INTO customer (id, name) VALUES (:id, :name) ON CONFLICT (id) DO NOTHING"
                    """.formatted(freePort(), freePort(), app.port(), app.port(), legacy.uri(), modern.uri()));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java,
                    "-Xmx96m", "-cp", System.getProperty("java.class.path"), StranglerCli.class.getName(),
                    "run", "--config", config.toString())
                    .redirectErrorStream(true);
            builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.actualPort());
            builder.environment().put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            Process strangler = builder.start();
            BufferedReader output = new BufferedReader(
                    new InputStreamReader(strangler.getInputStream(), StandardCharsets.UTF_8));
            Matcher listening = awaitLine(output, strangler);

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + listening.group(1) + "/hello"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            strangler.destroy();

            assertThat(response.body()).startsWith("served-by: legacy\n");
            assertThat(strangler.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            assertThat(strangler.exitValue()).isZero();
            String traces = exported.poll(5, TimeUnit.SECONDS);
            assertThat(traces).startsWith("/v1/traces ").contains("HTTP GET").contains("strangler.upstream");
        } finally {
            vertx.close().await();
        }
    }

    private static Matcher awaitLine(BufferedReader output, Process strangler) throws Exception {
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        strangler.destroyForcibly();
        throw new AssertionError("strangler run ended before listening:\n" + seen);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void execute(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
