package dev.strangler.demo;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Migrator;
import dev.strangler.proxy.StranglerServer;
import dev.strangler.proxy.forward.InFlightUsers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A proxy in front of a {@link DemoStack} with a configuration the test writes (the demo's Northwind plan, the
 * stack's addresses filled in for {@code ${LEGACY_URL}}, {@code ${MODERN_URL}} and {@code ${TOKEN}}), started the
 * way {@code strangler run} starts one.
 */
final class ProxyInFront implements AutoCloseable {

    static final String TOKEN = "proxy-in-front-admin-token";

    private final Path configFile;
    private final Migrator migrator;
    private final StranglerServer server;

    private ProxyInFront(Path configFile, Migrator migrator, StranglerServer server) {
        this.configFile = configFile;
        this.migrator = migrator;
        this.server = server;
    }

    static ProxyInFront start(DemoStack stack, Path folder, String yaml) throws IOException {
        Files.createDirectories(folder);
        String plan;
        try (InputStream in = ProxyInFront.class.getResourceAsStream("/northwind-plan.yaml")) {
            plan = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${LEGACY_DB_URL}", stack.legacyDatabase().uri())
                    .replace("${MODERN_DB_URL}", stack.modernDatabase().uri());
        }
        Files.writeString(folder.resolve("northwind-plan.yaml"), plan);
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, yaml.replace("${LEGACY_URL}", stack.legacyApp().url())
                .replace("${MODERN_URL}", stack.modernApp().url()).replace("${TOKEN}", TOKEN));
        StranglerConfig config = ConfigLoader.load(file, Map.of()).orElseThrow();
        InFlightUsers inFlight = new InFlightUsers(stack.vertx());
        Migrator migrator = Migrator.start(stack.vertx(), config.migration(),
                StranglerServer.migratorSettings(config.migration(), inFlight)).await();
        StranglerServer server = StranglerServer.start(stack.vertx(), config, migrator, null, Clock.systemUTC(),
                inFlight).await();
        return new ProxyInFront(file, migrator, server);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    String adminUrl() {
        return "http://127.0.0.1:" + server.adminPort();
    }

    Path configFile() {
        return configFile;
    }

    Migrator migrator() {
        return migrator;
    }

    StranglerServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop().onComplete(done -> migrator.close()).await();
    }
}
