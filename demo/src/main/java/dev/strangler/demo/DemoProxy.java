package dev.strangler.demo;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Migrator;
import dev.strangler.proxy.StranglerServer;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.metrics.CatchUps;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * Strangler in front of a {@link DemoStack}: the demo's configuration and the Northwind plan are written to a
 * folder (so an operator can read them and point {@code strangler status --config} at them), loaded through the
 * same loader as {@code strangler run}, and the migrator and the proxy are started on the stack's Vert.x. The proxy
 * watches that file as {@code strangler run} does, so an edit to it is applied while the demo runs.
 */
public final class DemoProxy implements AutoCloseable {

    private final Path configFile;
    private final String adminToken;
    private final StranglerConfig config;
    private final Migrator migrator;
    private final StranglerServer server;

    private DemoProxy(Path configFile, String adminToken, StranglerConfig config, Migrator migrator,
                      StranglerServer server) {
        this.configFile = configFile;
        this.adminToken = adminToken;
        this.config = config;
        this.migrator = migrator;
        this.server = server;
    }

    /**
     * Writes the configuration into {@code folder} and starts the proxy.
     *
     * @param proxyPort the port end users connect to, 0 for any free port
     * @param adminPort the admin port, 0 for any free port
     */
    public static DemoProxy start(DemoStack stack, Path folder, int proxyPort, int adminPort) throws IOException {
        String token = newToken();
        Path configFile = writeConfiguration(stack, folder, proxyPort, adminPort, token);
        StranglerConfig config = ConfigLoader.load(configFile, Map.of()).orElseThrow();
        InFlightUsers inFlight = new InFlightUsers(stack.vertx());
        CatchUps catchUps = new CatchUps();
        Migrator migrator = Migrator.start(stack.vertx(), config.migration(),
                StranglerServer.migratorSettings(config.migration(), inFlight, catchUps)).await();
        try {
            StranglerServer server = StranglerServer.start(stack.vertx(), config, migrator,
                    configFile, Clock.systemUTC(), inFlight, catchUps).await();
            return new DemoProxy(configFile, token, config, migrator, server);
        } catch (RuntimeException e) {
            migrator.close();
            throw e;
        }
    }

    /**
     * The demo's configuration with every address filled in. It holds the admin token, so only its owner may read
     * it; the token is new on every start.
     */
    private static Path writeConfiguration(DemoStack stack, Path folder, int proxyPort, int adminPort, String token)
            throws IOException {
        Files.createDirectories(folder);
        copyResource("/northwind-plan.yaml", folder.resolve("northwind-plan.yaml"));
        String template;
        try (InputStream in = resource("/demo/strangler.yaml")) {
            template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String plan = Files.readString(folder.resolve("northwind-plan.yaml"))
                .replace("${LEGACY_DB_URL}", stack.legacyDatabase().uri())
                .replace("${MODERN_DB_URL}", stack.modernDatabase().uri());
        Files.writeString(folder.resolve("northwind-plan.yaml"), plan);
        String config = template
                .replace("${PROXY_PORT}", Integer.toString(proxyPort))
                .replace("${ADMIN_PORT}", Integer.toString(adminPort))
                .replace("${ADMIN_TOKEN}", token)
                .replace("${LEGACY_URL}", stack.legacyApp().url())
                .replace("${MODERN_URL}", stack.modernApp().url());
        Path file = folder.resolve("strangler.yaml");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, config);
        return file;
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = resource(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DemoProxy.class.getResourceAsStream(name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("resource " + name + " is missing from the build"));
        }
        return in;
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The proxy's address, as end users reach it. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The admin port's address. */
    public String adminUrl() {
        return "http://127.0.0.1:" + server.adminPort();
    }

    public String adminToken() {
        return adminToken;
    }

    /** The configuration file the proxy was started from. */
    public Path configFile() {
        return configFile;
    }

    public StranglerConfig config() {
        return config;
    }

    public Migrator migrator() {
        return migrator;
    }

    /** Drains and stops the proxy, then the migrator. */
    public Future<Void> stop() {
        return server.stop().onComplete(done -> migrator.close());
    }

    @Override
    public void close() {
        stop().await();
    }
}
