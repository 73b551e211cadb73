package dev.strangler.proxy;

import dev.strangler.migrator.Migrator;
import dev.strangler.proxy.admin.AdminApi;
import dev.strangler.proxy.admin.BackfillEndpoints;
import dev.strangler.proxy.admin.ChangeLog;
import dev.strangler.proxy.admin.FleetStatus;
import dev.strangler.proxy.admin.InstanceStatus;
import dev.strangler.proxy.admin.MigrationsEndpoints;
import dev.strangler.proxy.admin.RampEndpoints;
import dev.strangler.proxy.admin.RolloutChanges;
import dev.strangler.proxy.admin.RolloutEndpoints;
import dev.strangler.proxy.admin.ShadowEndpoints;
import dev.strangler.proxy.admin.StageEndpoints;
import dev.strangler.proxy.admin.StageStatus;
import dev.strangler.proxy.admin.StatusEndpoints;
import dev.strangler.proxy.admin.TokenEndpoints;
import dev.strangler.proxy.admin.UserActions;
import dev.strangler.proxy.admin.UserEndpoints;
import dev.strangler.proxy.admin.UserLookup;
import dev.strangler.proxy.breaker.UpstreamBreakers;
import dev.strangler.proxy.console.AuditPage;
import dev.strangler.proxy.console.CohortCounts;
import dev.strangler.proxy.console.Console;
import dev.strangler.proxy.console.ConsoleSessions;
import dev.strangler.proxy.console.FailuresPage;
import dev.strangler.proxy.console.ListedUsers;
import dev.strangler.proxy.console.MovedUsers;
import dev.strangler.proxy.console.OverviewPage;
import dev.strangler.proxy.console.RampForms;
import dev.strangler.proxy.console.RolloutPage;
import dev.strangler.proxy.console.SignalsSection;
import dev.strangler.proxy.console.UserPage;
import dev.strangler.proxy.control.ControlPlane;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.proxy.ramp.RampActions;
import dev.strangler.proxy.ramp.RampDriver;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.UserFactsCache;
import dev.strangler.proxy.tokens.AdminTokens;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;

/**
 * The admin port's part of the server's composition root: from the nodes {@link StranglerServer} built (the
 * migrator's capabilities, the control plane, the request path's resolver and cache, the observed engine, the
 * instance's figures, the ramps' driver, the log and the clock) it builds each {@code /admin/**} endpoint group and
 * console page with exactly the services that group uses, sharing the few nodes several of them use (the status,
 * the rollout changes, a user's lookup and actions), and mounts them.
 */
final class AdminRoutes {

    private AdminRoutes() {
    }

    /** Builds the admin API's endpoint groups and the console's pages and mounts them on {@code router}. */
    static void mount(Router router, Migrator migrator, AdminTokens tokens, ControlPlane control,
                      DecidingResolver resolver, UserFactsCache facts, ObservedMigrations migrations,
                      InstanceStatus instance, UpstreamBreakers breakers, RampDriver ramps, RampActions rampActions,
                      EventLog log, Clock clock, String workerHost) {
        StageStatus stages = new StageStatus(migrator.coexistence(), control.rollout(), resolver);
        FleetStatus status = new FleetStatus(migrator.reports(), clock, instance, breakers, ramps, stages);
        RolloutChanges rolloutChanges = new RolloutChanges(control, resolver, migrator.rollout(), log);
        UserLookup lookup = new UserLookup(migrator.states(), migrator.history(), migrator.engine(), resolver);
        ChangeLog changes = new ChangeLog(log, migrator.audit(), clock);
        UserActions users = new UserActions(migrator.states(), migrator.rollbacks(), migrations, facts, changes);
        AdminApi.mount(router, tokens, List.of(new RolloutEndpoints(rolloutChanges),
                new UserEndpoints(lookup, users, stages),
                new MigrationsEndpoints(migrator.history(), migrator.states(), migrations, facts, changes),
                new StatusEndpoints(status, control, log),
                new BackfillEndpoints(migrator.backfills(), migrations, log, clock, workerHost),
                new TokenEndpoints(tokens, log), new ShadowEndpoints(migrator.shadow(), clock),
                new StageEndpoints(stages, migrator.coexistence(), control.rollout(), log),
                new RampEndpoints(migrator.ramps(), rampActions, ramps, log)));
        ConsoleSessions sessions = new ConsoleSessions(tokens, clock);
        ListedUsers listed = new ListedUsers(migrator.reports(), clock);
        Console.mount(router, tokens, sessions, List.of(
                new OverviewPage(status, rolloutChanges, new CohortCounts(migrator.states(), resolver, listed,
                        clock), new SignalsSection(status, migrator.shadow(), clock)),
                new RolloutPage(rolloutChanges, new MovedUsers(resolver, listed),
                        new RampForms(rampActions, ramps, log)),
                new FailuresPage(status, migrator.history(), sessions, clock),
                new UserPage(lookup, users, sessions), new AuditPage(migrator.audit())));
    }
}
