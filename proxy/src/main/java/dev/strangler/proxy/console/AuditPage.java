package dev.strangler.proxy.console;

import dev.strangler.migrator.ChangeAudit;
import dev.strangler.proxy.admin.Endpoints;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /console/audit}: the newest audited changes of every kind (rollout changes and ramp steps, pins,
 * rollbacks, migrations, tokens, and whatever kind is audited later) with who, when, why and what, read from the
 * state database's one audit view, so a new kind of change needs no change here.
 */
public final class AuditPage implements Endpoints {

    private static final int ENTRIES = 200;

    private final ChangeAudit audit;

    public AuditPage(ChangeAudit audit) {
        this.audit = audit;
    }

    @Override
    public void mount(Router router) {
        router.get("/console/audit").handler(this::show);
    }

    private void show(RoutingContext context) {
        audit.recent(ENTRIES).onSuccess(entries -> {
            Html html = new Html().raw("<div class=\"scroll\"><table id=\"audit\"><thead><tr>")
                    .raw("<th scope=\"col\">When</th><th scope=\"col\">Change</th><th scope=\"col\">Of</th>")
                    .raw("<th scope=\"col\">Who</th><th scope=\"col\">Why</th><th scope=\"col\">What</th>")
                    .raw("</tr></thead><tbody>");
            for (ChangeAudit.Entry entry : entries) {
                html.raw("<tr class=\"").text(entry.kind()).raw("\"><td>").text(entry.at()).raw("</td><td>")
                        .text(entry.kind()).raw("</td><td>").text(entry.subject()).raw("</td><td>")
                        .text(entry.actor()).raw("</td><td>").text(entry.reason()).raw("</td><td>");
                entry.details().forEach(field -> html.text(field.getKey() + ": " + field.getValue()).raw("<br>"));
                html.raw("</td></tr>");
            }
            if (entries.isEmpty()) {
                html.raw("<tr><td colspan=\"6\">No change has been audited yet.</td></tr>");
            }
            Console.page(context, "Audit", "/console/audit", html.raw("</tbody></table></div>"));
        }).onFailure(context::fail);
    }
}
