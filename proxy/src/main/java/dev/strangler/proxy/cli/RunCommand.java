package dev.strangler.proxy.cli;

import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Migrator;
import dev.strangler.proxy.StranglerServer;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.metrics.CatchUps;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code strangler run}: loads the configuration, starts the migrator, the data plane and the admin listener, and
 * runs until SIGTERM or SIGINT, then stops gracefully (readiness off, drain up to {@code server.drainTimeout}) and
 * exits 0. A configuration with errors prints them, one {@code file:line:column: message} per line, and exits 2.
 * With {@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_TRACES_EXPORTER} set, the OpenTelemetry SDK is registered
 * before anything starts ({@link OpenTelemetrySetup}) and flushed after everything stopped.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs the proxy and the admin API.")
public final class RunCommand implements StranglerCommand {

    /** How long spans still buffered at stop may take to reach the collector. */
    private static final long FLUSH_SECONDS = 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml", paramLabel = "FILE",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        StranglerConfig configuration;
        try {
            configuration = Session.load(config);
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        }
        Optional<OpenTelemetrySdk> telemetry;
        try {
            telemetry = OpenTelemetrySetup.fromEnvironment(Session.environment());
        } catch (ConfigurationException invalid) {
            err.println("strangler run: OpenTelemetry: " + invalid.getMessage());
            err.flush();
            return 2;
        }
        telemetry.ifPresent(GlobalOpenTelemetry::set);
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());

        Vertx vertx = StranglerServer.createVertx();
        Migrator migrator = null;
        try {
            InFlightUsers inFlight = new InFlightUsers(vertx);
            CatchUps catchUps = new CatchUps();
            migrator = Migrator.start(vertx, configuration.migration(),
                    StranglerServer.migratorSettings(configuration.migration(), inFlight, catchUps)).await();
            StranglerServer server = StranglerServer.start(vertx, configuration, migrator, config,
                    Clock.systemUTC(), inFlight, catchUps).await();
            out.println("strangler: proxy listening on port " + server.port() + ", admin on port "
                    + server.adminPort());
            out.flush();
            stopRequested.await();
            out.println("strangler: stopping (draining for up to " + configuration.server().drainTimeout() + ")");
            out.flush();
            server.stop().await();
            return 0;
        } finally {
            if (migrator != null) {
                migrator.close();
            }
            vertx.close().await();
            telemetry.ifPresent(sdk -> sdk.shutdown().join(FLUSH_SECONDS, TimeUnit.SECONDS));
        }
    }
}
