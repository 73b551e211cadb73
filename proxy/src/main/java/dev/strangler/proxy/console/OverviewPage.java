package dev.strangler.proxy.console;

import dev.strangler.proxy.admin.CohortRollout;
import dev.strangler.proxy.admin.Endpoints;
import dev.strangler.proxy.admin.FleetStatus;
import dev.strangler.proxy.admin.RolloutChanges;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /console/}: per cohort the configured, runtime and effective percentage and its users by state
 * ({@link CohortCounts}); users by state fleet-wide, the share
 * migrated, migrations per second over the last hour and the time left at that pace; this instance's held, waiting
 * and refused requests and error rates; the upstreams' breakers, each cohort's stage and ramp, the sync's lag and
 * the shadow match rates ({@link SignalsSection}). The figures are one fragment ({@code GET /console/live}) that htmx fetches
 * again every few seconds, so the page stays current without a reload.
 */
public final class OverviewPage implements Endpoints {

    /** The figures alone, fetched again by the page. */
    static final String LIVE = "/console/live";
    /** How often the browser asks for the figures again. */
    static final String REFRESH = "every 3s";

    /** The per-cohort columns, in order. */
    private static final List<UserState> COLUMNS = List.of(UserState.MIGRATED, UserState.PENDING, UserState.INVALID,
            UserState.FAILED, UserState.ROLLED_BACK);

    private final FleetStatus status;
    private final RolloutChanges rollout;
    private final CohortCounts counts;
    private final SignalsSection signals;

    public OverviewPage(FleetStatus status, RolloutChanges rollout, CohortCounts counts, SignalsSection signals) {
        this.status = status;
        this.rollout = rollout;
        this.counts = counts;
        this.signals = signals;
    }

    @Override
    public void mount(Router router) {
        router.get("/console/").handler(context -> live(context, true));
        router.get(LIVE).handler(context -> live(context, false));
    }

    private void live(RoutingContext context, boolean wholePage) {
        Future<JsonObject> report = status.read();
        Future<Map<String, Map<UserState, Long>>> byCohort = counts.get();
        Future<SignalsSection.Read> read = signals.read();
        Future.all(report, byCohort, read).onSuccess(all -> {
            Html figures = figures(report.result(), byCohort.result());
            SignalsSection.write(figures, report.result(), read.result());
            figures.raw("</div>");
            if (wholePage) {
                Console.page(context, "Overview", "/console/", figures);
            } else {
                Console.render(context, 200, figures.toString());
            }
        }).onFailure(context::fail);
    }

    private Html figures(JsonObject status, Map<String, Map<UserState, Long>> byCohort) {
        Html html = new Html().raw("<div id=\"live\" hx-get=\"/console/live\" hx-trigger=\"" + REFRESH + "\"")
                .raw(" hx-swap=\"outerHTML\">");
        html.raw("<section aria-labelledby=\"cohorts-title\"><h2 id=\"cohorts-title\">Cohorts</h2>")
                .raw("<div class=\"scroll\"><table id=\"cohorts\"><thead><tr><th scope=\"col\">Cohort</th>")
                .raw("<th scope=\"col\">Configured</th><th scope=\"col\">Runtime</th><th scope=\"col\">Effective</th>")
                .raw("<th scope=\"col\">Changed by</th><th scope=\"col\">Reason</th>");
        for (UserState state : COLUMNS) {
            html.raw("<th scope=\"col\">").text(label(state)).raw("</th>");
        }
        html.raw("</tr></thead><tbody>");
        for (CohortRollout cohort : rollout.cohorts()) {
            html.raw("<tr><th scope=\"row\">").text(cohort.name()).raw("</th><td>")
                    .text(percent(cohort.cohort().percent().value())).raw("</td><td>")
                    .text(cohort.runtime() == null || cohort.runtime().percent() == null ? "—"
                            : percent(cohort.runtime().percent().value()))
                    .raw("</td><td class=\"effective\">")
                    .text(cohort.effective() == null ? "—" : percent(cohort.effective().value())).raw("</td><td>")
                    .text(cohort.runtime() == null ? "configuration file"
                            : cohort.runtime().changedBy() + " at " + cohort.runtime().changedAt())
                    .raw("</td><td>").text(cohort.runtime() == null ? "" : cohort.runtime().reason()).raw("</td>");
            Map<UserState, Long> users = byCohort.get(cohort.name());
            for (UserState state : COLUMNS) {
                html.raw("<td>").text(byCohort.isEmpty() ? "—" : users == null ? 0 : users.getOrDefault(state, 0L))
                        .raw("</td>");
            }
            html.raw("</tr>");
        }
        html.raw("</tbody></table></div><p class=\"hint\">Users per cohort: the users the plan lists, placed as a"
                + " request without headers would be, counted at most every "
                + CohortCounts.KEEP.toSeconds() + " s")
                .raw(byCohort.isEmpty() ? " (not counted here beyond " + CohortCounts.MAX_USERS + " users)." : ".")
                .raw("</p></section>");
        JsonObject users = status.getJsonObject("users", new JsonObject());
        long legacyUsers = status.getLong("legacyUsers", -1L);
        long migrated = users.getLong(UserState.MIGRATED.name(), 0L);
        double rate = status.getDouble("migrationsPerSecond", 0.0);
        html.raw("<section aria-labelledby=\"users-title\"><h2 id=\"users-title\">Users</h2><dl class=\"figures\">");
        figure(html, "Legacy users", legacyUsers < 0 ? "legacy did not answer" : Long.toString(legacyUsers));
        for (UserState state : UserState.values()) {
            figure(html, label(state),
                    Long.toString(users.getLong(state.name(), 0L)));
        }
        figure(html, "Migrated", String.format(Locale.ROOT, "%.1f%%", status.getDouble("percentMigrated", 0.0)));
        figure(html, "Migrations per second (last hour, backfill included)",
                String.format(Locale.ROOT, "%.2f", rate));
        figure(html, "Time left at that pace", legacyUsers < 0 ? "—" : eta(legacyUsers - migrated, rate));
        html.raw("</dl></section>");
        JsonObject path = status.getJsonObject("requestPath", new JsonObject());
        JsonObject errors = status.getJsonObject("errorRate", new JsonObject());
        html.raw("<section aria-labelledby=\"requests-title\"><h2 id=\"requests-title\">This instance's requests</h2>")
                .raw("<dl class=\"figures\">");
        figure(html, "Held behind a migration", String.valueOf(path.getValue("heldRequests")));
        figure(html, "Waiting for a user's state", String.valueOf(path.getValue("waitingRequests")));
        figure(html, "503 for an unknown state", String.valueOf(path.getValue("unknownState503")));
        figure(html, "Migrations refused admission", String.valueOf(path.getValue("admissionsRefused")));
        figure(html, "Legacy 5xx share", String.format(Locale.ROOT, "%.2f%%", 100 * errors.getDouble("legacy", 0.0)));
        figure(html, "Modern 5xx share", String.format(Locale.ROOT, "%.2f%%", 100 * errors.getDouble("modern", 0.0)));
        return html.raw("</dl></section>");
    }

    private static String label(UserState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static void figure(Html html, String label, String value) {
        html.raw("<div><dt>").text(label).raw("</dt><dd>").text(value).raw("</dd></div>");
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }

    /** The time {@code left} users take at {@code perSecond}, as hours and minutes; "—" when nothing moves. */
    static String eta(long left, double perSecond) {
        if (left <= 0) {
            return "done";
        }
        if (perSecond <= 0) {
            return "—";
        }
        Duration time = Duration.ofSeconds((long) Math.ceil(left / perSecond));
        return time.toHours() + " h " + time.toMinutesPart() + " min";
    }
}
