package dev.strangler.proxy;

import dev.strangler.config.MigrationPlan;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.proxy.admin.Readiness;
import dev.strangler.proxy.breaker.UpstreamHealth;
import dev.strangler.proxy.control.ControlPlane;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.metrics.CatchUps;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.MigrationTracing;
import dev.strangler.proxy.ramp.RampDriver;
import dev.strangler.proxy.ramp.RampSignals;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.UserFactsCache;
import dev.strangler.proxy.shadow.MatchRates;
import dev.strangler.proxy.transport.TransportChoice;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The server's composition root: wires a running Strangler from a loaded configuration and a started migrator, the data
 * plane on {@code server.port}, the admin listener on {@code admin.port}, the routing table, the user-facts cache, the
 * control plane, the readiness probe and the metrics registry, each part built once and handed to the parts that use it
 * (the body in {@link ServerWiring}, the admin API's and the console's parts in {@link AdminRoutes}). With {@link
 * ServerOptions} this is the one place where configuration records become Vert.x options and data-plane settings, and
 * the only one of a serving process that reads the environment; the command line ({@code strangler run}) and the demo
 * call {@link #start} and later {@link #stop}.
 */
public final class StranglerServer {

    private final ServerParts parts;

    StranglerServer(ServerParts parts) {
        this.parts = parts;
    }

    /**
     * A Vert.x instance sized for the data plane: one event loop per core, no thread-context class loader switch
     * around every handler call (nothing in Strangler loads classes through it), and the transport
     * {@link TransportChoice#fromEnvironment} picks (epoll, else io_uring, else NIO), logged as a {@code transport}
     * event on standard output.
     */
    public static Vertx createVertx() {
        return createVertx(TransportChoice.fromEnvironment(System.getenv()),
                new EventLog(System.out, Clock.systemUTC(), false));
    }

    /** {@link #createVertx()} on a given transport, logged to {@code log}. */
    public static Vertx createVertx(TransportChoice transport, EventLog log) {
        transport.log(log);
        return Vertx.builder().with(ServerOptions.vertx(ServerOptions.eventLoops()))
                .withTransport(transport.transport()).build();
    }

    /**
     * Starts the data plane, the admin listener and the control plane (runtime rollout, notifications, probes),
     * without a configuration file to watch. The future completes once both listen (their actual ports are then
     * known, even when the configuration asked for port 0) and fails if either cannot.
     */
    public static Future<StranglerServer> start(Vertx vertx, StranglerConfig config, Migrator migrator) {
        return start(vertx, config, migrator, null, Clock.systemUTC());
    }

    /**
     * {@link #start(Vertx, StranglerConfig, Migrator)} watching {@code configFile} (null for none) for hot reload,
     * with a given clock. Users' states are read through the migrator's {@link Migrator#stateLookups()}.
     */
    public static Future<StranglerServer> start(Vertx vertx, StranglerConfig config, Migrator migrator,
                                                Path configFile, Clock clock) {
        return start(vertx, config, migrator, configFile, clock, new InFlightUsers(vertx));
    }

    /**
     * {@link #start(Vertx, StranglerConfig, Migrator, Path, Clock)} counting each user's requests in flight in
     * {@code inFlight}: the count the migrator was given ({@link #migratorSettings(MigrationPlan, InFlightUsers)})
     * and waits on before it reads a user's legacy data.
     */
    public static Future<StranglerServer> start(Vertx vertx, StranglerConfig config, Migrator migrator,
                                                Path configFile, Clock clock, InFlightUsers inFlight) {
        return start(vertx, config, migrator, configFile, clock, inFlight, new CatchUps());
    }

    /**
     * {@link #start(Vertx, StranglerConfig, Migrator, Path, Clock, InFlightUsers)} counting the migrator's catch-ups
     * in {@code catchUps}, the object its settings were given ({@link #migratorSettings(MigrationPlan, InFlightUsers,
     * CatchUps)}).
     */
    public static Future<StranglerServer> start(Vertx vertx, StranglerConfig config, Migrator migrator,
                                                Path configFile, Clock clock, InFlightUsers inFlight,
                                                CatchUps catchUps) {
        return ServerWiring.start(vertx, config, migrator, configFile, clock, inFlight, catchUps, null,
                RampDriver.Settings.DEFAULTS);
    }

    /**
     * {@link #start(Vertx, StranglerConfig, Migrator, Path, Clock, InFlightUsers)} with what ramps read from the rest
     * of the proxy ({@code signals}: shadow match rates, modern's breaker; null for this server's own shadow
     * comparison and breakers) and how often their driver ticks.
     */
    public static Future<StranglerServer> start(Vertx vertx, StranglerConfig config, Migrator migrator,
                                                Path configFile, Clock clock, InFlightUsers inFlight,
                                                RampSignals signals, RampDriver.Settings rampSettings) {
        return ServerWiring.start(vertx, config, migrator, configFile, clock, inFlight, new CatchUps(), signals,
                rampSettings);
    }

    /**
     * The migrator's settings for a serving instance: the plan's defaults, with each migration step reported as a
     * trace span. {@code strangler run} and the demo both start their migrator with these.
     */
    public static MigratorSettings migratorSettings(MigrationPlan plan) {
        return MigratorSettings.defaults(plan).withSteps(MigrationTracing.global());
    }

    /**
     * {@link #migratorSettings(MigrationPlan)} waiting on the data plane's count of requests in flight per user (the
     * write fence): pass the same {@code inFlight} to
     * {@link #start(Vertx, StranglerConfig, Migrator, Path, Clock, InFlightUsers)}.
     */
    public static MigratorSettings migratorSettings(MigrationPlan plan, InFlightUsers inFlight) {
        return migratorSettings(plan).withRequests(inFlight);
    }

    /**
     * {@link #migratorSettings(MigrationPlan, InFlightUsers)} counting the migrator's catch-ups in {@code catchUps}:
     * pass the same object to {@link #start(Vertx, StranglerConfig, Migrator, Path, Clock, InFlightUsers, CatchUps)}.
     */
    public static MigratorSettings migratorSettings(MigrationPlan plan, InFlightUsers inFlight, CatchUps catchUps) {
        return migratorSettings(plan, inFlight).withSteps(catchUps.around(MigrationTracing.global()));
    }

    /** The port end users connect to. */
    public int port() {
        return parts.dataPlane().port();
    }

    public int adminPort() {
        return parts.admin().port();
    }

    /** The admin port's routes, where the admin API mounts {@code /admin/**}. */
    public Router adminRouter() {
        return parts.admin().router();
    }

    public PrometheusMeterRegistry registry() {
        return parts.registry();
    }

    /** The request path's resolver, whose routing table the admin API and hot reload replace. */
    public DecidingResolver resolver() {
        return parts.resolver();
    }

    public UserFactsCache userFacts() {
        return parts.facts();
    }

    public Readiness readiness() {
        return parts.readiness();
    }

    /**
     * Graceful stop: readiness off, no new connections, requests in flight finish for up to
     * {@code server.drainTimeout}, then the admin listener closes.
     */
    public Future<Void> stop() {
        return parts.stop();
    }

    /** This instance's shadow comparison results ({@code compare:} routes), for gates such as a ramp's. */
    public MatchRates matchRates() {
        return parts.shadowing().matchRates();
    }

    /** Whether each upstream is ejected by outlier detection ({@code upstreams.*.ejection}), for gates. */
    public UpstreamHealth upstreamHealth() {
        return parts.breakers();
    }

    /** The ramps' driver on this instance: its ticks and flushes, which tests call instead of waiting. */
    public RampDriver ramps() {
        return parts.ramps();
    }

    /** The control plane: runtime rollout and its channel, the configuration reloader, the state gauges. */
    public ControlPlane control() {
        return parts.control();
    }
}
