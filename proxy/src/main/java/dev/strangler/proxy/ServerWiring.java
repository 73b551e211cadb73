package dev.strangler.proxy;

import dev.strangler.config.ServerConfig;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.DatabaseConnections;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.proxy.admin.AdminListener;
import dev.strangler.proxy.admin.DatabaseProbe;
import dev.strangler.proxy.admin.InstanceStatus;
import dev.strangler.proxy.admin.Readiness;
import dev.strangler.proxy.breaker.EjectingResolver;
import dev.strangler.proxy.breaker.UpstreamBreakers;
import dev.strangler.proxy.control.ConfigReloader;
import dev.strangler.proxy.control.ControlChannel;
import dev.strangler.proxy.control.ControlPlane;
import dev.strangler.proxy.control.FleetMembership;
import dev.strangler.proxy.control.KnownUsers;
import dev.strangler.proxy.control.RuntimeRollout;
import dev.strangler.proxy.control.SharedSettings;
import dev.strangler.proxy.edge.EdgePlane;
import dev.strangler.proxy.forward.DataPlane;
import dev.strangler.proxy.forward.DataPlaneOptions;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.RequestTracing;
import dev.strangler.proxy.forward.Tunnels;
import dev.strangler.proxy.jwks.JwksRefresher;
import dev.strangler.proxy.metrics.CatchUps;
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
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The body of the server's composition root ({@link StranglerServer#start}): builds each part of a serving instance
 * once, from the loaded configuration, the started migrator and what the caller shares with it (the requests in
 * flight, the catch-up counts), hands each part to the parts that use it, and starts the control plane, the probe,
 * the data plane and the admin listener in that order.
 */
final class ServerWiring {

    private ServerWiring() {
    }

    static Future<StranglerServer> start(Vertx vertx, StranglerConfig config, Migrator migrator,
                                                 Path configFile, Clock clock, InFlightUsers inFlight,
                                                 CatchUps catchUps, RampSignals signals,
                                                 RampDriver.Settings rampSettings) {
        Map<String, String> environment = System.getenv();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters.bindTo(registry);
        catchUps.bindTo(registry);
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
                        "strangler-control"), new SharedSettings(migrator.rollout(), migrator.coexistence().stages(),
                                rollout, tokens, ServerTimings.RESYNC_EVERY),
                        new KnownUsers(vertx, facts, keys, new StateTableKeys(migrator.stateLookups())),
                        new NotificationMeter(registry, clock), new FleetMembership(vertx, migrator.fleet(), instance,
                                new FleetMembership.Terms(ServerTimings.FLEET_LEASE, ServerTimings.FLEET_MARGIN,
                                        drainBound(config)), inFlight, keys).metered(registry)),
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
            AdminRoutes.mount(adminRoutes, migrator, tokens, control, resolver, facts, migrations,
                    new InstanceStatus(migrations, requestPath, keys, catchUps, registry, migrator.fleet()), breakers, ramps, rampActions,
                    log, clock, environment.getOrDefault("HOSTNAME", "localhost"));
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
            DataPlaneOptions planeOptions = ServerOptions.dataPlane(proxy, server.host(), server.port(),
                    ServerOptions.eventLoops());
            EjectingResolver ejecting = new EjectingResolver(resolver, breakers);
            ExchangeRecorder recording = breakers.recording((route, status, nanos) -> {
                proxyMetrics.record(route, status, nanos);
                rampMeter.record(route, status, nanos);
            });
            Future<DataPlane> planeStarted = PlaneChoice.netty(environment, config.proxy().dataPlane(), log)
                    ? EdgePlane.start(vertx, proxy, planeOptions, ejecting, recording, RequestTracing.global(),
                            inFlight, tunnels, shadowing)
                    : DataPlane.start(vertx, proxy, planeOptions, ejecting, recording, RequestTracing.global(),
                            inFlight, tunnels, shadowing);
            return planeStarted
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
     * How long a barrier waits for this instance's older requests of changed users, and how long its row counts after
     * its lease: as long as a forwarded request can run (the longest upstream timeout), at least the migration timeout.
     */
    private static Duration drainBound(StranglerConfig config) {
        Duration longest = config.migration().timeout();
        for (Duration upstream : List.of(config.upstreams().legacy().timeout(), config.upstreams().modern().timeout())) {
            longest = upstream.compareTo(longest) > 0 ? upstream : longest;
        }
        return longest;
    }
}
