package dev.strangler.proxy.console;

import dev.strangler.migrator.Reports;
import dev.strangler.proxy.admin.AdminError;
import dev.strangler.proxy.admin.Endpoints;
import dev.strangler.proxy.admin.FleetStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /console/failures}: what the users now invalid or failed broke, by entity and rule, with how many users
 * and rows, the trend (ledger entries that broke the rule in the last hour against the hour before) and example
 * users; {@code GET /console/failures/rule?rule=...} lists the last entries that broke one rule, each user a link
 * to their page (by handle: no user key in a URL).
 */
public final class FailuresPage implements Endpoints {

    private static final int TREND_ENTRIES = 500;
    private static final int RULE_ENTRIES = 50;

    private final FleetStatus status;
    private final Reports.LedgerHistory history;
    private final ConsoleSessions sessions;
    private final Clock clock;

    public FailuresPage(FleetStatus status, Reports.LedgerHistory history, ConsoleSessions sessions, Clock clock) {
        this.status = status;
        this.history = history;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/console/failures").handler(this::byRule);
        router.get("/console/failures/rule").handler(this::oneRule);
    }

    private void byRule(RoutingContext context) {
        status.read().compose(report -> {
            JsonArray rules = report.getJsonArray("failingRules", new JsonArray());
            List<Future<int[]>> trends = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                trends.add(trend(rules.getJsonObject(i).getString("rule")));
            }
            return Future.all(trends).map(done -> {
                ConsoleSession session = Console.session(context);
                Html html = new Html();
                if (rules.isEmpty()) {
                    return html.raw("<p id=\"no-failures\">No user is invalid or failed now.</p>");
                }
                html.raw("<div class=\"scroll\"><table id=\"rules\"><thead><tr><th scope=\"col\">Entity</th>")
                        .raw("<th scope=\"col\">Rule</th><th scope=\"col\">Message</th><th scope=\"col\">Users</th>")
                        .raw("<th scope=\"col\">Trend (last hour / hour before)</th><th scope=\"col\">Examples</th>")
                        .raw("</tr></thead><tbody>");
                for (int i = 0; i < rules.size(); i++) {
                    JsonObject rule = rules.getJsonObject(i);
                    int[] trend = trends.get(i).result();
                    html.raw("<tr><td>").text(rule.getString("entity")).raw("</td><td><a class=\"rule\" href=\"")
                            .text("/console/failures/rule?rule=" + Html.query(rule.getString("rule"))).raw("\"><code>")
                            .text(rule.getString("rule")).raw("</code></a></td><td>").text(rule.getString("message"))
                            .raw("</td><td>").text(rule.getValue("users")).raw("</td><td>")
                            .text(trend[0] + " / " + trend[1] + (trend[0] > trend[1] ? " ↑" : trend[0] < trend[1]
                                    ? " ↓" : " →")).raw("</td><td>");
                    for (Object example : rule.getJsonArray("examples", new JsonArray())) {
                        userLink(html, session, String.valueOf(example));
                        html.raw(" ");
                    }
                    html.raw("</td></tr>");
                }
                return html.raw("</tbody></table></div>");
            });
        }).onSuccess(html -> Console.page(context, "Failures by rule", "/console/failures", html))
                .onFailure(context::fail);
    }

    /** Entries that broke the rule in the last hour, and in the hour before. */
    private Future<int[]> trend(String rule) {
        Instant now = clock.instant();
        return history.brokeRule(rule, TREND_ENTRIES).map(entries -> {
            int[] counts = new int[2];
            for (JsonObject entry : entries) {
                Instant at = Instant.parse(entry.getString("finishedAt"));
                if (at.isAfter(now.minus(Duration.ofHours(1)))) {
                    counts[0]++;
                } else if (at.isAfter(now.minus(Duration.ofHours(2)))) {
                    counts[1]++;
                }
            }
            return counts;
        });
    }

    private void oneRule(RoutingContext context) {
        String rule = context.request().getParam("rule");
        if (rule == null || rule.isBlank()) {
            throw AdminError.badRequest("rule: missing (expected: a rule as the plan writes it)");
        }
        history.brokeRule(rule, RULE_ENTRIES).onSuccess(entries -> {
            ConsoleSession session = Console.session(context);
            Html html = new Html().raw("<p>Rule <code>").text(rule).raw("</code>: the last ").text(entries.size())
                    .raw(" ledger entries that broke it, newest first.</p>")
                    .raw("<div class=\"scroll\"><table id=\"entries\"><thead><tr><th scope=\"col\">User</th>")
                    .raw("<th scope=\"col\">Outcome</th><th scope=\"col\">Finished</th><th scope=\"col\">What broke")
                    .raw("</th></tr></thead><tbody>");
            for (JsonObject entry : entries) {
                html.raw("<tr><td>");
                userLink(html, session, entry.getString("userKey"));
                html.raw("</td><td>").text(entry.getString("outcome")).raw("</td><td>")
                        .text(entry.getString("finishedAt")).raw("</td><td>");
                for (Object error : entry.getJsonArray("errors", new JsonArray())) {
                    JsonObject violation = (JsonObject) error;
                    if (rule.equals(violation.getString("rule"))) {
                        html.text(violation.getString("entity") + " row " + violation.getValue("row") + ": "
                                + violation.getString("message")).raw("<br>");
                    }
                }
                html.raw("</td></tr>");
            }
            Console.page(context, "Failures of one rule", "/console/failures", html.raw("</tbody></table></div>"));
        }).onFailure(context::fail);
    }

    private void userLink(Html html, ConsoleSession session, String userKey) {
        html.raw("<a class=\"user\" href=\"/console/users/").text(session.handle(userKey, sessions::randomId))
                .raw("\">").text(userKey).raw("</a>");
    }
}
