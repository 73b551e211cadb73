package dev.strangler.proxy.console;

import dev.strangler.proxy.admin.AdminError;
import dev.strangler.proxy.admin.Endpoints;
import dev.strangler.proxy.admin.UserActions;
import dev.strangler.proxy.admin.UserLookup;
import dev.strangler.rules.Decision;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * One user: {@code POST /console/users} finds a user by key (posted, never in a URL) and answers with their page at
 * {@code /console/users/HANDLE}, a handle only this session can resolve. The page shows the routing decision and
 * why, the state and pin, and the last ledger entries with their snapshots side by side; its buttons migrate (or
 * retry), dry-run, pin and roll back (after a confirmation) through {@link UserActions}, each needing the scope the
 * matching admin call needs.
 */
public final class UserPage implements Endpoints {

    private static final int LEDGER_ENTRIES = 10;
    private static final String PLACEHOLDER = "/admin/users/user";

    private final UserLookup lookup;
    private final UserActions users;
    private final ConsoleSessions sessions;

    public UserPage(UserLookup lookup, UserActions users, ConsoleSessions sessions) {
        this.lookup = lookup;
        this.users = users;
        this.sessions = sessions;
    }

    @Override
    public void mount(Router router) {
        router.get("/console/users").handler(context -> Console.page(context, "Users", "/console/users",
                findForm(Console.session(context))));
        router.post("/console/users").handler(this::find);
        router.get("/console/users/:handle").handler(this::show);
        router.post("/console/users/:handle/migrate").handler(this::migrate);
        router.post("/console/users/:handle/dry-run").handler(this::dryRun);
        router.post("/console/users/:handle/pin").handler(this::pin);
        router.post("/console/users/:handle/rollback").handler(this::rollback);
    }

    private static Html findForm(ConsoleSession session) {
        return new Html().raw("<form method=\"post\" action=\"/console/users\" class=\"card\">").csrf(session)
                .raw("<p><label for=\"key\">User key</label><input type=\"text\" id=\"key\" name=\"key\" required")
                .raw(" maxlength=\"1024\" autocomplete=\"off\"></p><p><button type=\"submit\" id=\"find\">Show the")
                .raw(" user</button></p></form>");
    }

    private void find(RoutingContext context) {
        String key = context.request().getFormAttribute("key");
        if (key == null || key.isBlank()) {
            throw AdminError.badRequest("key: missing (expected: the user's key)");
        }
        Console.redirect(context, "/console/users/" + Console.session(context).handle(key.trim(), sessions::randomId));
    }

    private String key(RoutingContext context) {
        return Console.session(context).userKey(context.pathParam("handle")).orElseThrow(() -> AdminError.notFound(
                "no user behind this link in this session: find the user again"));
    }

    private void show(RoutingContext context) {
        String key = key(context);
        String handle = context.pathParam("handle");
        lookup.show(key, LEDGER_ENTRIES).onSuccess(user -> {
            ConsoleSession session = Console.session(context);
            Decision decision = user.decision();
            Html html = new Html().raw("<p class=\"user-key\">User <strong id=\"user-key\">").text(key)
                    .raw("</strong></p><dl class=\"figures\">");
            figure(html, "State", user.facts().state().name(), "state");
            figure(html, "Pin", user.facts().pin() == null ? "none" : user.facts().pin().id(), "pin");
            figure(html, "A request on a rollout path goes to", decision.upstream().id()
                    + (decision.migrateFirst() ? " (migrating first)" : ""), "upstream");
            figure(html, "Because", decision.reason().name() + (decision.cohort() == null ? ""
                    : ", cohort " + decision.cohort() + ", bucket " + decision.bucket()), "reason");
            figure(html, "Last attempt", user.facts().lastAttemptAt() == null ? "never"
                    : user.facts().lastAttemptAt().toString(), "last-attempt");
            figure(html, "Cohort stage", user.stage().id(), "stage");
            html.raw("</dl><p class=\"explain\">").text(user.explain()).raw("</p>");
            actions(html, session, handle, user.facts().state());
            html.raw("<h2>Ledger</h2>");
            if (user.ledger().isEmpty()) {
                html.raw("<p>No ledger entry yet.</p>");
            }
            for (JsonObject entry : user.ledger()) {
                ledgerEntry(html, entry);
            }
            Console.page(context, "User", "/console/users", html);
        }).onFailure(context::fail);
    }

    private static void figure(Html html, String label, String value, String id) {
        html.raw("<div><dt>").text(label).raw("</dt><dd id=\"").text(id).raw("\">").text(value).raw("</dd></div>");
    }

    private static void actions(Html html, ConsoleSession session, String handle, UserState state) {
        String base = "/console/users/" + handle;
        boolean operate = Console.may(session, "POST", PLACEHOLDER + "/migrate");
        boolean admin = Console.may(session, "POST", PLACEHOLDER + "/rollback");
        html.raw("<h2>Actions</h2><div class=\"actions\">");
        html.raw("<form method=\"post\" action=\"").text(base + "/dry-run").raw("\">").csrf(session)
                .raw("<button type=\"submit\" id=\"dry-run\">Dry run</button></form>");
        boolean retry = state == UserState.INVALID || state == UserState.FAILED;
        html.raw("<form method=\"post\" action=\"").text(base + "/migrate").raw("\">").csrf(session)
                .raw("<fieldset").raw(operate ? "" : " disabled").raw("><legend>Migrate</legend>")
                .raw("<label><input type=\"checkbox\" name=\"force\" value=\"true\"> again, even if migrated or")
                .raw(" rolled back</label> <button type=\"submit\" id=\"migrate\">")
                .text(retry ? "Retry the migration" : "Migrate now").raw("</button></fieldset></form>");
        html.raw("<form method=\"post\" action=\"").text(base + "/pin").raw("\">").csrf(session)
                .raw("<fieldset").raw(operate ? "" : " disabled").raw("><legend>Pin</legend>")
                .raw("<label for=\"pin-to\">Send every request to</label><select id=\"pin-to\" name=\"to\">")
                .raw("<option value=\"legacy\">legacy</option><option value=\"modern\">modern</option>")
                .raw("<option value=\"none\">no pin (the rollout decides)</option></select> ")
                .raw("<label for=\"pin-reason\">Reason</label><input type=\"text\" id=\"pin-reason\" name=\"reason\"")
                .raw(" maxlength=\"500\"> <button type=\"submit\" id=\"pin-submit\">Pin</button></fieldset></form>");
        html.raw("<form method=\"post\" action=\"").text(base + "/rollback").raw("\">").csrf(session)
                .raw("<fieldset").raw(admin ? "" : " disabled").raw("><legend>Roll back</legend>")
                .raw("<button type=\"submit\" id=\"rollback\">Roll back to legacy…</button></fieldset></form>");
        html.raw("</div>");
        if (!operate || !admin) {
            html.raw("<p class=\"hint\">Scope ").text(session.scope().id()).raw(" cannot ")
                    .text(operate ? "roll back (that needs admin)." : "change this user (that needs operate, and"
                            + " admin to roll back).").raw("</p>");
        }
    }

    private static void ledgerEntry(Html html, JsonObject entry) {
        html.raw("<details class=\"ledger\" id=\"ledger-").text(entry.getValue("id")).raw("\"><summary>Entry ")
                .text(entry.getValue("id")).raw(": ").text(entry.getString("outcome")).raw(" by ")
                .text(entry.getString("trigger")).raw(" at ").text(entry.getString("finishedAt")).raw("</summary>");
        JsonArray errors = entry.getJsonArray("errors", new JsonArray());
        if (!errors.isEmpty()) {
            html.raw("<ul class=\"violations\">");
            for (Object error : errors) {
                JsonObject violation = (JsonObject) error;
                html.raw("<li>").text(violation.getString("entity") + " row " + violation.getValue("row") + ", "
                        + violation.getString("rule") + ": " + violation.getString("message")).raw("</li>");
            }
            html.raw("</ul>");
        }
        html.raw("<p>Plan ").text(entry.getString("planVersion")).raw(", instance ")
                .text(entry.getString("instanceId")).raw(", ").text(entry.getValue("durationMs")).raw(" ms</p>");
        SnapshotView.render(html, "Snapshots", entry.getJsonObject("sourceSnapshot"),
                entry.getJsonObject("targetSnapshot"), "Source", "Target");
        html.raw("</details>");
    }

    private void migrate(RoutingContext context) {
        String key = key(context);
        if (!Console.allowed(context, "POST", PLACEHOLDER + "/migrate")) {
            return;
        }
        boolean force = "true".equals(context.request().getFormAttribute("force"));
        ConsoleSession session = Console.session(context);
        users.migrate(key, force, session.actor(), null).onSuccess(outcome -> {
            session.notice("Migration: " + outcome.ledgerOutcome() + ". " + outcome.detail());
            Console.redirect(context, "/console/users/" + context.pathParam("handle"));
        }).onFailure(context::fail);
    }

    private void dryRun(RoutingContext context) {
        String key = key(context);
        if (!Console.allowed(context, "POST", PLACEHOLDER + "/dry-run")) {
            return;
        }
        lookup.dryRun(key).onSuccess(dryRun -> {
            JsonObject result = dryRun.toJson();
            Html html = new Html().raw("<p id=\"verdict\">").text(dryRun.wouldMigrate()
                    ? "The user's data passes every rule: a migration would write the rows on the right."
                    : "The user's data breaks " + dryRun.violations().size() + " rule(s): a migration would stop.")
                    .raw("</p><ul class=\"violations\">");
            for (Object error : result.getJsonArray("violations", new JsonArray())) {
                JsonObject violation = (JsonObject) error;
                html.raw("<li>").text(violation.getString("entity") + " row " + violation.getValue("row") + ", "
                        + violation.getString("rule") + ": " + violation.getString("message")).raw("</li>");
            }
            html.raw("</ul>");
            SnapshotView.render(html, "Dry run", result.getJsonObject("source"), result.getJsonObject("target"),
                    "Legacy rows read", "Modern rows it would write");
            html.raw("<p><a href=\"").text("/console/users/" + context.pathParam("handle")).raw("\">Back to the user")
                    .raw("</a></p>");
            Console.page(context, "Dry run", "/console/users", html);
        }).onFailure(context::fail);
    }

    private void pin(RoutingContext context) {
        String key = key(context);
        if (!Console.allowed(context, "PUT", PLACEHOLDER + "/pin")) {
            return;
        }
        String to = context.request().getFormAttribute("to");
        Upstream upstream = "legacy".equals(to) ? Upstream.LEGACY : "modern".equals(to) ? Upstream.MODERN : null;
        if (upstream == null && !"none".equals(to)) {
            throw AdminError.badRequest("to: " + to + " (expected: legacy, modern or none)");
        }
        ConsoleSession session = Console.session(context);
        users.pin(key, upstream, session.actor(), blankToNull(context.request().getFormAttribute("reason")))
                .onSuccess(pinned -> {
                    if (!pinned.applied()) {
                        context.fail(AdminError.conflict(pinned.refusal()));
                        return;
                    }
                    session.notice(upstream == null ? "Pin cleared." : "Pinned to " + upstream.id() + ".");
                    Console.redirect(context, "/console/users/" + context.pathParam("handle"));
                }).onFailure(context::fail);
    }

    private void rollback(RoutingContext context) {
        String key = key(context);
        if (!Console.allowed(context, "POST", PLACEHOLDER + "/rollback")) {
            return;
        }
        ConsoleSession session = Console.session(context);
        String handle = context.pathParam("handle");
        if (!"yes".equals(context.request().getFormAttribute("confirm"))) {
            Html html = new Html().raw("<form method=\"post\" class=\"card\" action=\"")
                    .text("/console/users/" + handle + "/rollback").raw("\">").csrf(session)
                    .raw("<input type=\"hidden\" name=\"confirm\" value=\"yes\"><p>Roll <strong>").text(key)
                    .raw("</strong> back to legacy: their modern data is written back into legacy, and every request"
                            + " of theirs goes to legacy until they are migrated again (forced).</p>")
                    .raw("<p><label for=\"rollback-reason\">Reason (required)</label><input type=\"text\"")
                    .raw(" id=\"rollback-reason\" name=\"reason\" required maxlength=\"500\"></p>")
                    .raw("<p><button type=\"submit\" id=\"confirm-rollback\">Roll back</button> <a href=\"")
                    .text("/console/users/" + handle).raw("\">Cancel</a></p></form>");
            Console.page(context, "Confirm the rollback", "/console/users", html);
            return;
        }
        String reason = blankToNull(context.request().getFormAttribute("reason"));
        if (reason == null) {
            throw AdminError.badRequest("reason: a rollback needs a reason, for the audit");
        }
        users.rollback(key, session.actor(), reason).onSuccess(outcome -> {
            session.notice("Rollback: " + UserActions.rollbackOutcome(outcome) + ". " + outcome.detail());
            Console.redirect(context, "/console/users/" + handle);
        }).onFailure(context::fail);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
