package dev.strangler.demo.ramp;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.demo.DemoStack;
import dev.strangler.migrator.Migrator;
import dev.strangler.proxy.StranglerServer;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.ramp.RampDriver;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Strangler in front of a {@link DemoStack}, started from a test's own configuration with a stepped clock and a
 * ramp driver that ticks every 50 ms of real time (its intervals are measured on the stepped clock). The Northwind
 * plan's migration timeout is raised from 2 s to 20 s: a first migration on a busy machine may take longer, and
 * these tests are about ramps, not timeouts. Modern is ejected after 20 failures in a row, and the ramps read this
 * server's own breakers and shadow comparison.
 */
final class ProxyUnderTest implements AutoCloseable {

    static final String TOKEN = "a-ramp-test-token-of-sufficient-length";
    static final RampDriver.Settings FAST = new RampDriver.Settings(Duration.ofMillis(50), Duration.ofMillis(50),
            Duration.ofMinutes(1), Duration.ofDays(2));

    private final Migrator migrator;
    private final StranglerServer server;

    private ProxyUnderTest(Migrator migrator, StranglerServer server) {
        this.migrator = migrator;
        this.server = server;
    }

    /** {@code routing} is the configuration's {@code routing:} section, indented by two spaces. */
    static ProxyUnderTest start(DemoStack stack, Path folder, String routing, Clock clock) throws IOException {
        Files.createDirectories(folder);
        String plan;
        try (InputStream in = ProxyUnderTest.class.getResourceAsStream("/northwind-plan.yaml")) {
            plan = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${LEGACY_DB_URL}", stack.legacyDatabase().uri())
                    .replace("${MODERN_DB_URL}", stack.modernDatabase().uri())
                    .replace("  timeout: 2s", "  timeout: 20s");
        }
        Files.writeString(folder.resolve("northwind-plan.yaml"), plan);
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                admin: { host: 127.0.0.1, port: 0, token: "%s" }
                upstreams:
                  legacy: { url: "%s" }
                  modern: { url: "%s", ejection: { consecutiveFailures: 20, interval: 10m } }
                identity:
                  - header: X-User-Id
                  - cookie: uid
                routing:
                %s
                plan: northwind-plan.yaml
                """.formatted(TOKEN, stack.legacyApp().url(), stack.modernApp().url(), routing));
        StranglerConfig config = ConfigLoader.load(file, Map.of()).orElseThrow();
        InFlightUsers inFlight = new InFlightUsers(stack.vertx());
        Migrator migrator = Migrator.start(stack.vertx(), config.migration(),
                StranglerServer.migratorSettings(config.migration(), inFlight).withClock(clock)).await();
        StranglerServer server = StranglerServer.start(stack.vertx(), config, migrator, null, clock, inFlight,
                null, FAST).await();
        return new ProxyUnderTest(migrator, server);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    Migrator migrator() {
        return migrator;
    }

    StranglerServer server() {
        return server;
    }

    JsonObject admin(WebClient client, String method, String path, JsonObject body) {
        var request = client.requestAbs(io.vertx.core.http.HttpMethod.valueOf(method),
                "http://127.0.0.1:" + server.adminPort() + path).putHeader("Authorization", "Bearer " + TOKEN);
        var response = body == null ? request.send().await() : request.sendJsonObject(body).await();
        if (response.statusCode() != 200) {
            throw new AssertionError(method + " " + path + ": " + response.statusCode() + " "
                    + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }

    String metrics(WebClient client) {
        return client.getAbs("http://127.0.0.1:" + server.adminPort() + "/metrics").send().await().bodyAsString();
    }

    @Override
    public void close() {
        server.stop().await();
        migrator.close();
    }
}
