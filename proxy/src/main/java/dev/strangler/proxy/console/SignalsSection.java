package dev.strangler.proxy.console;

import dev.strangler.migrator.ShadowStore;
import dev.strangler.migrator.ShadowStore.RouteReport;
import dev.strangler.proxy.admin.FleetStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The overview's signals, read through the services {@code GET /admin/status}, {@code /admin/stages},
 * {@code /admin/sync} and {@code /admin/shadow} read: each upstream's breaker state, each cohort's stage and ramp
 * (status, step), the sync's lag when a sync has reported, and the shadow match rate per route over the last hour
 * when the comparison has recorded anything.
 */
public final class SignalsSection {

    /** The window of the shadow match rates. */
    static final Duration SHADOW_WINDOW = Duration.ofHours(1);

    private final FleetStatus status;
    private final ShadowStore shadow;
    private final Clock clock;

    public SignalsSection(FleetStatus status, ShadowStore shadow, Clock clock) {
        this.status = status;
        this.shadow = shadow;
        this.clock = clock;
    }

    /** The coexistence section (stages and sync) and the shadow report, read now; a failed read shows as such. */
    Future<Read> read() {
        Future<JsonObject> coexistence = status.coexistence()
                .otherwise(error -> new JsonObject().put("error", String.valueOf(error.getMessage())));
        Future<List<RouteReport>> routes = shadow.report(clock.instant().minus(SHADOW_WINDOW), 0, 0);
        return Future.all(coexistence, routes).map(both -> new Read(coexistence.result(), routes.result()));
    }

    /** What {@link #read()} read. */
    record Read(JsonObject coexistence, List<RouteReport> shadow) {
    }

    /** The signals of {@code status} (breakers, ramps) and {@code read} (stages, sync, shadow). */
    static void write(Html html, JsonObject status, Read read) {
        html.raw("<section aria-labelledby=\"signals-title\"><h2 id=\"signals-title\">Signals</h2>")
                .raw("<dl class=\"figures\" id=\"breakers\">");
        JsonObject upstreams = status.getJsonObject("breakers", new JsonObject())
                .getJsonObject("upstreams", new JsonObject());
        for (String upstream : upstreams.fieldNames()) {
            JsonObject breaker = upstreams.getJsonObject(upstream);
            figure(html, "Breaker " + upstream, breaker.getString("state", "—")
                    + (breaker.getBoolean("ejected", false) ? " (ejected)" : ""));
        }
        JsonObject sync = read.coexistence().getJsonObject("sync");
        if (sync != null) {
            figure(html, "Sync lag", lag(sync.getJsonObject("lagSeconds", new JsonObject())) + " (reported by "
                    + sync.getString("holder") + " at " + sync.getString("updatedAt") + ")");
        }
        html.raw("</dl>");
        stagesAndRamps(html, read.coexistence().getJsonArray("stages", new JsonArray()),
                status.getJsonArray("ramps", new JsonArray()));
        if (read.coexistence().containsKey("error")) {
            html.raw("<p class=\"hint\">Stages and sync not read: ").text(read.coexistence().getString("error"))
                    .raw("</p>");
        }
        if (!read.shadow().isEmpty()) {
            html.raw("<div class=\"scroll\"><table id=\"shadow\"><caption>Shadow match rate, last ")
                    .text(SHADOW_WINDOW.toHours()).raw(" h</caption><thead><tr><th scope=\"col\">Route</th>")
                    .raw("<th scope=\"col\">Match rate</th><th scope=\"col\">Compared</th></tr></thead><tbody>");
            for (RouteReport report : read.shadow()) {
                Double rate = report.matchRate();
                long compared = report.counts().getOrDefault("match", 0L)
                        + report.counts().getOrDefault("mismatch", 0L);
                html.raw("<tr><th scope=\"row\">").text(report.route()).raw("</th><td>")
                        .text(rate == null ? "—" : String.format(Locale.ROOT, "%.1f%%", rate * 100))
                        .raw("</td><td>").text(compared).raw("</td></tr>");
            }
            html.raw("</tbody></table></div>");
        }
        html.raw("</section>");
    }

    private static void stagesAndRamps(Html html, JsonArray stages, JsonArray ramps) {
        html.raw("<div class=\"scroll\"><table id=\"stages\"><caption>Stages and ramps</caption><thead><tr>")
                .raw("<th scope=\"col\">Cohort</th><th scope=\"col\">Stage</th><th scope=\"col\">Ramp</th>")
                .raw("</tr></thead><tbody>");
        for (Object item : stages) {
            JsonObject stage = (JsonObject) item;
            String cohort = stage.getString("cohort");
            html.raw("<tr><th scope=\"row\">").text(cohort).raw("</th><td>").text(stage.getString("stage"))
                    .raw("</td><td>").text(ramp(ramps, cohort)).raw("</td></tr>");
        }
        html.raw("</tbody></table></div>");
    }

    /** The cohort's ramp as "running, step 1 of 2 (0.50%)"; "none" without one. */
    static String ramp(JsonArray ramps, String cohort) {
        for (Object item : ramps) {
            JsonObject ramp = (JsonObject) item;
            if (cohort.equals(ramp.getString("cohort"))) {
                return ramp.getString("status") + ", step " + ramp.getInteger("step") + " of "
                        + ramp.getJsonArray("steps", new JsonArray()).size() + " ("
                        + OverviewPage.percent(ramp.getDouble("percent", 0.0)) + ")";
            }
        }
        return "none";
    }

    /** The largest lag the sync reported, in seconds. */
    private static String lag(JsonObject lagSeconds) {
        double largest = -1;
        for (String name : lagSeconds.fieldNames()) {
            Object value = lagSeconds.getValue(name);
            if (value instanceof Number number) {
                largest = Math.max(largest, number.doubleValue());
            }
        }
        return largest < 0 ? "—" : String.format(Locale.ROOT, "%.1f s", largest);
    }

    private static void figure(Html html, String label, String value) {
        html.raw("<div><dt>").text(label).raw("</dt><dd>").text(value).raw("</dd></div>");
    }
}
