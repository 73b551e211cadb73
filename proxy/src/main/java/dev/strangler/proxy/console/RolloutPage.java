package dev.strangler.proxy.console;

import dev.strangler.config.Percent;
import dev.strangler.proxy.admin.AdminError;
import dev.strangler.proxy.admin.CohortRollout;
import dev.strangler.proxy.admin.Endpoints;
import dev.strangler.proxy.admin.RolloutChanges;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * {@code GET /console/rollout}: per cohort a slider and a number field (0.01 steps) and a mandatory reason;
 * {@code POST /console/rollout/{cohort}/review} states how many users the change moves and asks to confirm;
 * {@code POST /console/rollout/{cohort}} makes it through {@link RolloutChanges} with the version the page was read
 * at, so a change made meanwhile by anyone is answered 409 and never overwritten. Without the {@code operate}
 * scope the controls are shown disabled and the server refuses the change. A cohort with a configured ramp plan gets
 * its ramp's buttons too ({@link RampForms}).
 */
public final class RolloutPage implements Endpoints {

    private final RolloutChanges rollout;
    private final MovedUsers moved;
    private final RampForms ramps;

    public RolloutPage(RolloutChanges rollout, MovedUsers moved, RampForms ramps) {
        this.rollout = rollout;
        this.moved = moved;
        this.ramps = ramps;
    }

    @Override
    public void mount(Router router) {
        ramps.mount(router);
        router.get("/console/rollout").handler(this::show);
        router.post("/console/rollout/:cohort/review").handler(this::review);
        router.post("/console/rollout/:cohort").handler(this::change);
    }

    private void show(RoutingContext context) {
        ConsoleSession session = Console.session(context);
        Html html = new Html();
        int index = 0;
        for (CohortRollout cohort : rollout.cohorts()) {
            boolean may = Console.may(session, "PUT", "/admin/rollout/" + cohort.name());
            String id = "c" + index++;
            double effective = cohort.effective() == null ? cohort.cohort().percent().value()
                    : cohort.effective().value();
            html.raw("<form method=\"post\" class=\"card cohort\" action=\"/console/rollout/")
                    .text(segment(cohort.name())).raw("/review\" id=\"cohort-").text(cohort.name()).raw("\">")
                    .csrf(session)
                    .raw("<input type=\"hidden\" name=\"version\" value=\"").text(cohort.version()).raw("\">")
                    .raw("<fieldset").raw(may ? "" : " disabled").raw("><legend>").text(cohort.name())
                    .raw("</legend><p>Effective ").text(OverviewPage.percent(effective)).raw(", configured ")
                    .text(OverviewPage.percent(cohort.cohort().percent().value())).raw(", version ")
                    .text(cohort.version()).raw("</p>")
                    .raw("<p class=\"pair\"><label for=\"").text(id).raw("-slider\">Share of users (slider)</label>")
                    .raw("<input type=\"range\" id=\"").text(id).raw("-slider\" name=\"slider\" min=\"0\" max=\"100\"")
                    .raw(" step=\"0.01\" value=\"").text(effective).raw("\" data-pair=\"").text(id)
                    .raw("-percent\"></p><p><label for=\"").text(id).raw("-percent\">Percent</label>")
                    .raw("<input type=\"number\" id=\"").text(id).raw("-percent\" name=\"percent\" min=\"0\"")
                    .raw(" max=\"100\" step=\"0.01\" value=\"").text(effective).raw("\" data-pair=\"").text(id)
                    .raw("-slider\" required></p><p><label for=\"").text(id).raw("-reason\">Reason (required)</label>")
                    .raw("<input type=\"text\" id=\"").text(id).raw("-reason\" name=\"reason\" required")
                    .raw(" maxlength=\"500\"></p><p><button type=\"submit\">Review the change</button></p>")
                    .raw("</fieldset>");
            if (!may) {
                html.raw("<p class=\"hint\">Scope ").text(session.scope().id())
                        .raw(" sees the rollout but cannot change it (that needs operate).</p>");
            }
            html.raw("</form>");
            ramps.write(html, session, cohort.name(), id);
        }
        Console.page(context, "Rollout", "/console/rollout", html);
    }

    private void review(RoutingContext context) {
        String name = context.pathParam("cohort");
        if (!Console.allowed(context, "PUT", "/admin/rollout/" + name)) {
            return;
        }
        CohortRollout cohort = rollout.cohort(name);
        Percent percent = percent(context, cohort);
        String reason = reason(context);
        long version = version(context);
        moved.count(name, percent).onSuccess(moves -> {
            ConsoleSession session = Console.session(context);
            Html html = new Html().raw("<form method=\"post\" class=\"card\" action=\"/console/rollout/")
                    .text(segment(name)).raw("\">").csrf(session)
                    .raw("<input type=\"hidden\" name=\"version\" value=\"").text(version).raw("\">")
                    .raw("<input type=\"hidden\" name=\"percent\" value=\"").text(percent.value()).raw("\">")
                    .raw("<input type=\"hidden\" name=\"reason\" value=\"").text(reason).raw("\">")
                    .raw("<p>Cohort <strong>").text(name).raw("</strong> from ")
                    .text(OverviewPage.percent(cohort.effective() == null ? cohort.cohort().percent().value()
                            : cohort.effective().value()))
                    .raw(" to <strong>").text(OverviewPage.percent(percent.value())).raw("</strong>, because ")
                    .text(reason).raw(".</p><p id=\"moves\">").text(moves.describe()).raw("</p>")
                    .raw("<p><button type=\"submit\" id=\"confirm\">Confirm the change</button> ")
                    .raw("<a href=\"/console/rollout\">Cancel</a></p></form>");
            Console.page(context, "Confirm the change", "/console/rollout", html);
        }).onFailure(context::fail);
    }

    private void change(RoutingContext context) {
        String name = context.pathParam("cohort");
        if (!Console.allowed(context, "PUT", "/admin/rollout/" + name)) {
            return;
        }
        CohortRollout cohort = rollout.cohort(name);
        Percent percent = percent(context, cohort);
        ConsoleSession session = Console.session(context);
        rollout.change(name, percent, OptionalLong.of(version(context)), session.actor(), reason(context))
                .onSuccess(changed -> {
                    session.notice("Cohort " + name + " is now at " + OverviewPage.percent(percent.value())
                            + " (version " + changed.version() + ").");
                    Console.redirect(context, "/console/rollout");
                })
                .onFailure(context::fail);
    }

    /**
     * The percentage asked for: the number field, unless it still shows the cohort's current value and the slider
     * moved (a browser without scripts does not keep the two in step).
     */
    private static Percent percent(RoutingContext context, CohortRollout cohort) {
        String number = context.request().getFormAttribute("percent");
        String slider = context.request().getFormAttribute("slider");
        double current = cohort.effective() == null ? cohort.cohort().percent().value() : cohort.effective().value();
        String chosen = number;
        if (slider != null && (number == null || number.isBlank() || parse(number).value() == current)) {
            chosen = slider;
        }
        return parse(chosen);
    }

    private static Percent parse(String text) {
        try {
            return Percent.parse(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest("percent: " + e.getMessage());
        }
    }

    private static String reason(RoutingContext context) {
        String reason = context.request().getFormAttribute("reason");
        if (reason == null || reason.isBlank()) {
            throw AdminError.badRequest("reason: a rollout change needs a reason, for the audit");
        }
        return reason.trim();
    }

    private static long version(RoutingContext context) {
        String version = context.request().getFormAttribute("version");
        try {
            return Long.parseLong(version == null ? "" : version);
        } catch (NumberFormatException e) {
            throw AdminError.badRequest("version: " + version + " (expected: the version the page was read at)");
        }
    }

    /** A cohort's name as a path segment. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
