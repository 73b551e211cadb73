package dev.strangler.proxy;

import dev.strangler.config.StranglerConfig;
import dev.strangler.migrator.DatabaseConnections;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.RolloutStore;
import dev.strangler.proxy.admin.AdminServices;
import dev.strangler.proxy.admin.BearerToken;
import dev.strangler.proxy.admin.DatabaseProbe;
import dev.strangler.proxy.admin.Readiness;
import dev.strangler.proxy.control.ConfigReloader;
import dev.strangler.proxy.control.ControlChannel;
import dev.strangler.proxy.control.RuntimeRollout;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.proxy.metrics.StateGauges;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.UserFactsCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The parts of a running instance that keep it in step with the fleet and with its configuration file: runtime
 * percentages and their notifications, the configuration watcher, the database probe behind readiness and the
 * state gauges. Started before the listeners, so the first request already sees the runtime percentages.
 */
public final class ControlPlane {

    /**
     * How often the control plane looks again without being told.
     *
     * @param resyncEvery     re-read of runtime percentages (the safety net under LISTEN/NOTIFY)
     * @param probeEvery      probe of both databases for readiness
     * @param countUsersEvery count of users by state for {@code strangler_users}
     */
    public record Timings(Duration resyncEvery, Duration probeEvery, Duration countUsersEvery) {
    }

    private final AdminServices services;
    private final DatabaseProbe probe;

    private ControlPlane(AdminServices services, DatabaseProbe probe) {
        this.services = services;
        this.probe = probe;
    }

    static Future<ControlPlane> start(Vertx vertx, StranglerConfig config, Migrator migrator,
                                      ObservedMigrations migrations, DecidingResolver resolver, UserFactsCache facts,
                                      Readiness readiness, MeterRegistry registry, EventLog log, Path configFile,
                                      Clock clock, Timings timings) {
        RolloutStore store = migrator.rollout();
        RuntimeRollout rollout = new RuntimeRollout(resolver);
        ConfigReloader reloader = new ConfigReloader(vertx, configFile, System.getenv(), config, rollout);
        StateGauges gauges = new StateGauges(vertx, migrator.states(), resolver, registry,
                timings.countUsersEvery());
        Future<ControlChannel> channel = ControlChannel.start(vertx,
                DatabaseConnections.options(config.migration().modern(), "strangler-control"), store, rollout, facts,
                timings.resyncEvery());
        Future<DatabaseProbe> probe = DatabaseProbe.start(vertx,
                DatabaseConnections.options(config.migration().legacy(), "strangler-probe"),
                DatabaseConnections.options(config.migration().modern(), "strangler-probe"), readiness,
                timings.probeEvery());
        return Future.all(channel, probe).compose(both -> {
            try {
                reloader.watch();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch the configuration file's folder", e);
            }
            return gauges.refresh().map(counted -> new ControlPlane(new AdminServices(
                    new BearerToken(config.admin().token()), migrator, migrations, store, rollout, channel.result(),
                    resolver, facts, reloader, gauges, log, registry, clock), probe.result()));
        });
    }

    /** What the admin API acts on. */
    public AdminServices services() {
        return services;
    }

    /** The configuration file's reloader. */
    public ConfigReloader reloader() {
        return services.reloader();
    }

    /** The routing table in force and the runtime percentages applied to it. */
    public RuntimeRollout rollout() {
        return services.rollout();
    }

    Future<Void> close() {
        services.gauges().close();
        try {
            services.reloader().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Future.join(services.channel().close(), probe.close()).mapEmpty();
    }
}
