package dev.strangler.proxy.console;

import dev.strangler.proxy.tokens.AdminTokens;
import dev.strangler.proxy.tokens.Caller;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code GET|POST /console/sign-in}: an admin token (typed into a password field, posted, never in a URL) is
 * exchanged for a session cookie. The form carries a one-time value that must match a cookie set with it
 * (double submit), so another site cannot sign a browser in under its own token. An optional name goes into the
 * audit beside the token's name.
 */
final class SignInPage {

    private final ConsoleSessions sessions;
    private final AdminTokens tokens;

    SignInPage(ConsoleSessions sessions, AdminTokens tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    void mount(Router router) {
        router.get("/console/sign-in").handler(context -> form(context, 200, null));
        router.post("/console/sign-in").handler(this::signIn);
    }

    private void form(RoutingContext context, int status, String problem) {
        String nonce = sessions.randomId();
        context.response().addCookie(Cookie.cookie(Console.SIGN_IN_COOKIE, nonce).setPath("/console/sign-in")
                .setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(context.request().isSSL())
                .setMaxAge(600));
        Html content = new Html();
        if (problem != null) {
            content.raw("<div class=\"problem\" role=\"alert\" id=\"problem\"><p>").text(problem).raw("</p></div>");
        }
        content.raw("<form method=\"post\" action=\"/console/sign-in\" class=\"card sign-in\">")
                .raw("<input type=\"hidden\" name=\"csrf\" value=\"").text(nonce).raw("\">")
                .raw("<p><label for=\"token\">Admin token</label>")
                .raw("<input type=\"password\" id=\"token\" name=\"token\" required autocomplete=\"off\""
                        + " autofocus></p>")
                .raw("<p><label for=\"person\">Your name, for the audit (optional)</label>")
                .raw("<input type=\"text\" id=\"person\" name=\"person\" maxlength=\"100\""
                        + " autocomplete=\"name\"></p>")
                .raw("<p><button type=\"submit\" id=\"sign-in\">Sign in</button></p>")
                .raw("<p class=\"hint\">Use a token from the configuration's <code>admin.tokens</code> or one made"
                        + " with <code>strangler token add</code>. A <code>read</code> token sees everything and"
                        + " changes nothing. The session ends after 15 idle minutes, an hour at most.</p></form>");
        Console.render(context, status, Layout.page("Sign in", "", null, null, content));
    }

    private void signIn(RoutingContext context) {
        Cookie nonce = context.request().getCookie(Console.SIGN_IN_COOKIE);
        if (!Console.equal(context.request().getFormAttribute("csrf"), nonce == null ? null : nonce.getValue())) {
            form(context, 403, "The sign-in form expired or came from elsewhere: try again.");
            return;
        }
        String token = context.request().getFormAttribute("token");
        Optional<Caller> caller = token == null || token.isBlank() ? Optional.empty()
                : tokens.authenticate("Bearer " + token.trim());
        if (caller.isEmpty()) {
            form(context, 401, "That token is not known here.");
            return;
        }
        ConsoleSession session = sessions.signIn(caller.get(), context.request().getFormAttribute("person"));
        context.response().addCookie(Cookie.cookie(Console.SIGN_IN_COOKIE, "").setPath("/console/sign-in")
                .setMaxAge(0));
        context.response().addCookie(Console.sessionCookie(context, session.id()));
        Console.redirect(context, "/console/");
    }
}
