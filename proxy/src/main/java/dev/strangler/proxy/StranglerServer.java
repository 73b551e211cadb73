package dev.strangler.proxy;

import dev.strangler.config.MigrationPlan;
import dev.strangler.config.ServerConfig;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.DatabaseConnections;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.proxy.admin.AdminApi;
import dev.strangler.proxy.admin.AdminListener;
import dev.strangler.proxy.admin.AdminServices;
import dev.strangler.proxy.admin.DatabaseProbe;
import dev.strangler.proxy.admin.Readiness;
import dev.strangler.proxy.breaker.EjectingResolver;
import dev.strangler.proxy.breaker.UpstreamBreakers;
import dev.strangler.proxy.breaker.UpstreamHealth;
import dev.strangler.proxy.console.Console;
import dev.strangler.proxy.control.ConfigReloader;
import dev.strangler.proxy.control.ControlChannel;
import dev.strangler.proxy.control.ControlPlane;
import dev.strangler.proxy.control.RuntimeRollout;
import dev.strangler.proxy.forward.DataPlane;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.RequestTracing;
import dev.strangler.proxy.forward.Tunnels;
import dev.strangler.proxy.jwks.JwksRefresher;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.JvmMeters;
import dev.strangler.proxy.metrics.MigrationTracing;
import dev.strangler.proxy.metrics.NotificationMeter;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.metrics.RequestPathMetrics;
import dev.strangler.proxy.metrics.StateGauges;
import dev.strangler.proxy.metrics.SyncGauges;
import dev.strangler.proxy.ramp.RampActions;
import dev.strangler.proxy.ramp.RampDriver;
import dev.strangler.proxy.ramp.RampMeter;
import dev.strangler.proxy.ramp.RampMetrics;
import dev.strangler.proxy.ramp.RampSignals;
import dev.strangler.proxy.routing.AdmissionBucket;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.MigratedKeys;
import dev.strangler.proxy.routing.RequestPathEvents;
import dev.strangler.proxy.routing.StateTableKeys;
import dev.strangler.proxy.routing.UserFactsCache;
import dev.strangler.proxy.shadow.MatchRates;
import dev.strangler.proxy.shadow.Shadowing;
import dev.strangler.proxy.tokens.AdminTokens;
import dev.strangler.proxy.transport.TransportChoice;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's composition root: wires a running Strangler from a loaded configuration and a started migrator, the
 * data plane on {@code server.port}, the admin listener on {@code admin.port}, the routing table, the user-facts
 * cache, the control plane, the readiness probe and the metrics registry, each part built once and handed to the
 * parts that use it. With {@link ServerOptions} this is the one place where configuration records become Vert.x
 * options and data-plane settings, and the only one of a serving process that reads the environment; the command
 * line ({@code strangler run}) and the demo call {@link #start} and later {@link #stop}.
 */
public final class StranglerServer {

    private final ServerParts parts;

    private StranglerServer(ServerParts parts) {
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
        return start(vertx, config, migrator, configFile, clock, inFlight, null, RampDriver.Settings.DEFAULTS);
    }

    /**
     * {@link #start(Vertx, StranglerConfig, Migrator, Path, Clock, InFlightUsers)} with what ramps read from the rest
     * of the proxy ({@code signals}: shadow match rates, modern's breaker; null for this server's own shadow
     * comparison and breakers) and how often their driver ticks.
     */
    public static Future<StranglerServer> start(Vertx vertx, StranglerConfig config, Migrator migrator,
                                                Path configFile, Clock clock, InFlightUsers inFlight,
                                                RampSignals signals, RampDriver.Settings rampSettings) {
        Map<String, String> environment = System.getenv();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters.bindTo(registry);
        Readiness readiness = new Readiness();
        EventLog log = new EventLog(System.out, clock, config.logging().hashUserKeys());
        ObservedMigrations migrations = new ObservedMigrations(migrator.engine(), config.migration(), registry,
                log, MigrationTracing.global());
        MigratedKeys keys = new MigratedKeys();
        UserFactsCache facts = new UserFactsCache(migrator.stateLookups()::find, keys, ServerTimings.CACHED_USERS,
                ServerTimings.FACTS_EXPIRE_AFTER, ServerTimings.STATE_LOOKUP_DEADLINE);
        Tunnels tunnels = new Tunnels();
        facts.whenChanged(tunnels::restart);
        RequestPathMetrics requestPath = new RequestPathMetrics(registry);
        UpstreamBreakers breakers = new UpstreamBreakers(config.upstreams().legacy().ejection(),
                config.upstreams().modern().ejection(), registry, clock);
        RampMeter rampMeter = new RampMeter();
        DecidingResolver resolver = new DecidingResolver(config.routingTable(), facts, migrations, keys,
                new AdmissionBucket(config.migration().admission(), clock, breakers::admitsMigrations),
                RequestPathEvents.both(requestPath, rampMeter), clock,
                new DecidingResolver.Settings(config.migration().retryAfter(),
                        config.migration().timeout().plus(ServerTimings.HOLD_MARGIN),
                        ServerTimings.UNKNOWN_STATE_RETRY_AFTER));
        RuntimeRollout rollout = new RuntimeRollout(resolver);
        AdminTokens tokens = AdminTokens.of(config.admin(), migrator.tokens());
        ConfigReloader reloader = new ConfigReloader(vertx, configFile, environment, config, rollout);
        RampActions rampActions = new RampActions(migrator, rollout::configuredTable,
                () -> reloader.current().ramps());
        String instance = environment.getOrDefault("HOSTNAME", "localhost") + "-" + UUID.randomUUID()
                .toString().substring(0, 8);
        AtomicReference<MatchRates> matchRates = new AtomicReference<>();
        RampDriver ramps = RampDriver.start(vertx, migrator.ramps(), rampActions, rampMeter,
                signals != null ? signals : RampSignals.of(matchRates::get, breakers),
                ServerOptions.prometheus(vertx, config.ramps().prometheus()), new RampMetrics(registry), log, clock,
                instance, rampSettings);
        Future<ControlPlane> controlled = ControlPlane.start(rollout,
                reloader,
                ControlChannel.start(vertx, DatabaseConnections.options(config.migration().modern(),
                        "strangler-control"), migrator.rollout(), migrator.coexistence().stages(), rollout,
                        facts, keys, new StateTableKeys(migrator.stateLookups()), tokens, ServerTimings.RESYNC_EVERY,
                        new NotificationMeter(registry, clock)),
                new StateGauges(vertx, migrator.states(), resolver, registry, ServerTimings.COUNT_USERS_EVERY),
                JwksRefresher.start(vertx, ServerOptions.jwksClient(), ServerOptions::jwksRequest,
                        rollout::configuredTable, rollout::jwtKeys, clock));
        Future<DatabaseProbe> probed = DatabaseProbe.start(vertx,
                DatabaseConnections.connectOptions(config.migration().legacy(), "strangler-probe"),
                DatabaseConnections.options(config.migration().modern(), "strangler-probe"),
                ServerOptions.probePool(), readiness, ServerTimings.PROBE_EVERY);
        SyncGauges syncGauges = new SyncGauges(vertx, migrator.coexistence(), () -> resolver.table().percentages()
                .keySet().stream().toList(), registry, clock, ServerTimings.COUNT_USERS_EVERY);
        Router adminRoutes = AdminListener.router(vertx, readiness, registry);
        ServerConfig server = config.server();
        return Future.all(controlled, probed).compose(both -> {
            ControlPlane control = controlled.result();
            DatabaseProbe probe = probed.result();
            AdminServices adminServices = new AdminServices(tokens, migrator,
                    migrations, resolver, facts, keys, requestPath, control, log, registry, clock,
                    environment.getOrDefault("HOSTNAME", "localhost"), breakers, ramps, rampActions);
            AdminApi.mount(adminRoutes, adminServices);
            Console.mount(adminRoutes, adminServices, clock);
            ProxySettings proxy = ServerOptions.proxySettings(config);
            Shadowing shadowing = new Shadowing(vertx, config.shadow(),
                    ServerOptions.shadowClient(vertx, config.shadow().concurrency()),
                    (side, method, uri, headers, timeout) -> ServerOptions.shadowRequest(proxy.upstreams().get(side),
                            method, uri, headers, timeout),
                    migrator.shadow(), key -> facts.find(key).map(UserFacts::state),
                    new EventLog(System.out, clock, config.shadow().hashUserKeys())::user, registry, clock, breakers)
                    .start();
            matchRates.set(shadowing.matchRates());
            ProxyMetrics proxyMetrics = new ProxyMetrics(registry);
            return DataPlane.start(vertx, proxy, ServerOptions.dataPlane(proxy, server.host(), server.port(),
                            ServerOptions.eventLoops()), new EjectingResolver(resolver, breakers),
                            breakers.recording((route, status, nanos) -> {
                                proxyMetrics.record(route, status, nanos);
                                rampMeter.record(route, status, nanos);
                            }), RequestTracing.global(), inFlight, tunnels, shadowing)
                    .compose(plane -> AdminListener.start(vertx, adminRoutes,
                                    ServerOptions.admin(config.admin().host(), config.admin().port(),
                                            config.admin().limits()), config.admin().limits())
                            .onFailure(failed -> plane.shutdown(Duration.ZERO))
                            .map(admin -> {
                                readiness.ready();
                                return new StranglerServer(new ServerParts(plane, admin, readiness, resolver,
                                        facts, registry, control, probe, shadowing, breakers, syncGauges, ramps,
                                        server.drainTimeout()));
                            }));
        }).onFailure(failed -> ServerParts.closeAfterFailedStart(syncGauges, ramps, controlled, probed));
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
