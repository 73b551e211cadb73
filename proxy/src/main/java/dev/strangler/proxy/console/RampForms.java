package dev.strangler.proxy.console;

import dev.strangler.migrator.RampStore.Ramp;
import dev.strangler.proxy.admin.AdminError;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.ramp.RampActions;
import dev.strangler.proxy.ramp.RampDriver;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The rollout page's ramp controls: for each cohort with a ramp plan in the configuration, a form whose buttons start,
 * pause, resume or abort its ramp ({@code POST /console/ramps/{cohort}} with {@code action}, a mandatory reason and
 * the CSRF token), through the same {@code RampActions} as {@code POST /admin/ramps/{cohort}/{action}} and with the
 * scope that call needs ({@code operate}); a change the ramp's state refuses is answered 409.
 */
public final class RampForms {

    private static final List<String> ACTIONS = List.of("start", "pause", "resume", "abort");
    private static final int REASON_LIMIT = 500;

    private final RampActions rampActions;
    private final RampDriver driver;
    private final EventLog log;

    public RampForms(RampActions rampActions, RampDriver driver, EventLog log) {
        this.rampActions = rampActions;
        this.driver = driver;
        this.log = log;
    }

    void mount(Router router) {
        router.post("/console/ramps/:cohort").handler(this::change);
    }

    /** The ramp form of {@code cohort}, nothing when it has no configured plan. */
    void write(Html html, ConsoleSession session, String cohort, String id) {
        if (rampActions.configuredPlan(cohort).isEmpty()) {
            return;
        }
        boolean may = Console.may(session, "POST", "/admin/ramps/" + cohort + "/start");
        Ramp ramp = driver.ramps().get(cohort);
        html.raw("<form method=\"post\" class=\"card ramp\" action=\"/console/ramps/")
                .text(RolloutPage.segment(cohort)).raw("\" id=\"ramp-").text(cohort).raw("\">").csrf(session)
                .raw("<fieldset").raw(may ? "" : " disabled").raw("><legend>Ramp of ").text(cohort)
                .raw("</legend><p>Plan ").text(rampActions.configuredPlan(cohort).get()).raw("; now ")
                .text(ramp == null ? "not started" : ramp.status().id() + ", step " + (ramp.step() + 1) + " of "
                        + ramp.plan().steps().size())
                .raw("</p><p><label for=\"").text(id).raw("-ramp-reason\">Reason (required)</label>")
                .raw("<input type=\"text\" id=\"").text(id).raw("-ramp-reason\" name=\"reason\" required")
                .raw(" maxlength=\"" + REASON_LIMIT + "\"></p><p>");
        for (String action : ACTIONS) {
            html.raw("<button type=\"submit\" name=\"action\" value=\"" + action + "\">")
                    .text(Character.toUpperCase(action.charAt(0)) + action.substring(1) + " the ramp")
                    .raw("</button> ");
        }
        html.raw("</p></fieldset>");
        if (!may) {
            html.raw("<p class=\"hint\">Scope ").text(session.scope().id())
                    .raw(" sees the ramp but cannot change it (that needs operate).</p>");
        }
        html.raw("</form>");
    }

    private void change(RoutingContext context) {
        String cohort = context.pathParam("cohort");
        String action = context.request().getFormAttribute("action");
        if (action == null || !ACTIONS.contains(action)) {
            throw AdminError.badRequest("action: " + action + " (expected one of " + String.join(", ", ACTIONS)
                    + ")");
        }
        if (!Console.allowed(context, "POST", "/admin/ramps/" + cohort + "/" + action)) {
            return;
        }
        String reason = context.request().getFormAttribute("reason");
        if (reason == null || reason.isBlank() || reason.length() > REASON_LIMIT) {
            throw AdminError.badRequest("reason: a ramp change needs a reason of at most " + REASON_LIMIT
                    + " characters, for the audit");
        }
        ConsoleSession session = Console.session(context);
        String actor = session.actor();
        String why = reason.trim();
        Future<Ramp> changed = switch (action) {
            case "start" -> rampActions.start(cohort, null, actor, why);
            case "pause" -> rampActions.pause(cohort, actor, why);
            case "resume" -> rampActions.resume(cohort, actor, why);
            default -> rampActions.abort(cohort, actor, why).map(aborted -> aborted.ramp());
        };
        changed.onSuccess(ramp -> {
            driver.operatorChanged(ramp, action);
            log.write("admin_change", new JsonObject().put("action", "ramp_" + action)
                    .put("cohort", cohort).put("actor", actor).put("reason", why));
            session.notice("Ramp of " + cohort + ": " + ramp.status().id() + ", step " + (ramp.step() + 1) + " of "
                    + ramp.plan().steps().size() + ".");
            Console.redirect(context, "/console/rollout");
        }).onFailure(context::fail);
    }
}
