package dev.strangler.proxy;

import dev.strangler.config.ProxyConfig;
import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.proxy.forward.Planes;
import dev.strangler.proxy.metrics.MigrationTracing;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One Strangler instance started from a configuration file, as {@code strangler run} starts it, plus an HTTP client.
 * With {@code -Dstrangler.dataPlane=netty} ({@link Planes}) every instance a test starts, here or through
 * {@link #onPlane}, serves on the Netty plane ({@code proxy.dataPlane: netty}), so the whole suite runs on either.
 */
record RunningStrangler(Migrator migrator, StranglerServer server) {

    static final String TOKEN = "a-test-token-of-sufficient-length";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** {@code config} (a {@link TinyNorthwind} configuration) with a rollback step, so users can be rolled back. */
    static String withRollback(String config) {
        return config.replace("  cleaned: ", "  rollback:\n"
                + "    - fetch: \"SELECT id, name FROM customer WHERE id = $1\"\n"
                + "      apply: \"UPDATE customers SET company_name = :name WHERE customer_id = :id\"\n"
                + "  cleaned: ");
    }

    static RunningStrangler start(Vertx vertx, Path configFile) {
        if (Planes.netty()) {
            // in the file rather than in the loaded configuration, so that a reload of the same file changes nothing
            try {
                String text = Files.readString(configFile);
                if (!text.contains("\nproxy:")) {
                    Files.writeString(configFile, text + "\nproxy:\n  dataPlane: netty\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        StranglerConfig config = ConfigLoader.load(configFile, Map.of()).orElseThrow();
        Migrator migrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration())
                .withSteps(MigrationTracing.global())).await();
        StranglerServer server = StranglerServer.start(vertx, config, migrator, configFile,
                Clock.systemUTC()).await();
        return new RunningStrangler(migrator, server);
    }

    /** {@code config} on the data plane the suite runs against ({@link Planes}). */
    static StranglerConfig onPlane(StranglerConfig config) {
        if (!Planes.netty()) {
            return config;
        }
        return new StranglerConfig(config.server(), config.admin(), config.upstreams(), config.identity(),
                config.routing(), config.migration(), config.logging(), config.shadow(), config.ramps(),
                new ProxyConfig(ProxyConfig.DataPlane.NETTY));
    }

    void stop() {
        server.stop().await();
        migrator.close();
    }

    /** A request through the proxy as user {@code user} (null: anonymous). */
    HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(15));
        if (user != null) {
            request.header("X-User-Id", user);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An admin call with the right token; {@code body} null for none. */
    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return admin(method, path, body, "Bearer " + TOKEN, Map.of());
    }

    HttpResponse<String> admin(String method, String path, String body, String authorization,
                               Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.adminPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
