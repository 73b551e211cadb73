package dev.strangler.proxy.console;

import dev.strangler.config.TokenScope;
import dev.strangler.migrator.RampStore;
import dev.strangler.migrator.RolloutStore;
import dev.strangler.proxy.admin.AdminError;
import dev.strangler.proxy.admin.Endpoints;
import dev.strangler.proxy.ramp.RampActions;
import dev.strangler.proxy.tokens.AdminTokens;
import dev.strangler.proxy.tokens.EndpointScopes;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SRE console under {@code /console/} on the admin port (SPEC §12): server-rendered pages over the same services as
 * the {@code /admin/**} API (built once by the server's composition root), so a change made here is the very change the
 * API makes. An admin token is exchanged once for a session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code
 * Secure} under TLS, {@link ConsoleSessions#LIFETIME} at most); every {@code POST} needs the session's CSRF token and,
 * when the browser sends an {@code Origin}, this origin; a change needs the scope the matching admin call needs ({@link
 * EndpointScopes}), so a {@code read} token sees everything and changes nothing. Every response carries a strict
 * Content-Security-Policy: scripts and styles from this origin only, no inline code, no framing.
 */
public final class Console {

    static final String COOKIE = "strangler_console";
    static final String SIGN_IN_COOKIE = "strangler_console_sign_in";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String SESSION = "strangler.console.session";
    private static final int BODY_LIMIT = 16 * 1024;
    private static final Logger LOG = Logger.getLogger(Console.class.getName());

    private final ConsoleSessions sessions;

    private Console(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    /** Mounts {@code /console/**} on the admin port's router. */
    public static void mount(Router router, AdminTokens tokens, ConsoleSessions sessions, List<Endpoints> pages) {
        Console console = new Console(sessions);
        router.routeWithRegex("/console").handler(context -> redirect(context, "/console/"));
        router.route("/console/*").handler(Console::secure);
        ConsoleAssets.mount(router);
        router.post("/console/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.post("/console/*").handler(Console::sameOrigin);
        new SignInPage(console.sessions, tokens).mount(router);
        router.route("/console/*").handler(console::signedIn);
        router.post("/console/*").handler(Console::checkCsrf);
        router.post("/console/sign-out").handler(context -> {
            console.sessions.signOut(session(context).id());
            context.response().addCookie(sessionCookie(context, "").setMaxAge(0));
            redirect(context, "/console/sign-in");
        });
        pages.forEach(page -> page.mount(router));
        router.route("/console/*").failureHandler(Console::refuse);
    }

    private static void secure(RoutingContext context) {
        context.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        context.next();
    }

    /**
     * A form posted from another origin is refused whatever it carries; so is {@code Origin: null} (a sandboxed or
     * opaque origin). Browsers send the real origin with a same-origin form only because the referrer policy is
     * {@code same-origin}: under {@code no-referrer} they send {@code null}.
     */
    private static void sameOrigin(RoutingContext context) {
        String origin = context.request().getHeader("Origin");
        String expected = (context.request().isSSL() ? "https://" : "http://")
                + context.request().getHeader(HttpHeaders.HOST);
        if (origin != null && !origin.equals(expected)) {
            context.fail(new AdminError(403, "cross_origin", "a form from " + origin + " is not accepted here"));
            return;
        }
        context.next();
    }

    private void signedIn(RoutingContext context) {
        Cookie cookie = context.request().getCookie(COOKIE);
        boolean refresh = context.request().path().equals(OverviewPage.LIVE);
        ConsoleSession session = sessions.find(cookie == null ? null : cookie.getValue(), !refresh).orElse(null);
        if (session == null) {
            if (context.request().method() == HttpMethod.GET) {
                redirect(context, "/console/sign-in");
            } else {
                context.fail(new AdminError(401, "signed_out", "the session ended: sign in again"));
            }
            return;
        }
        context.put(SESSION, session);
        context.next();
    }

    private static void checkCsrf(RoutingContext context) {
        String sent = context.request().getFormAttribute("csrf");
        if (!equal(sent, session(context).csrf())) {
            context.fail(new AdminError(403, "csrf", "the form did not carry this session's CSRF token;"
                    + " reload the page and try again"));
            return;
        }
        context.next();
    }

    /** Constant-time comparison of two secrets; false when either is missing. */
    static boolean equal(String sent, String expected) {
        return sent != null && expected != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    static ConsoleSession session(RoutingContext context) {
        return context.get(SESSION);
    }

    /** Fails the request with 403 unless the session's scope covers what the admin call {@code method path} needs. */
    static boolean allowed(RoutingContext context, String method, String adminPath) {
        TokenScope required = EndpointScopes.required(method, adminPath);
        if (session(context).may(required)) {
            return true;
        }
        context.fail(new AdminError(403, "forbidden", "token " + session(context).tokenName() + " has scope "
                + session(context).scope().id() + "; this change needs scope " + required.id()));
        return false;
    }

    /** Whether the session may make the change the admin call {@code method path} makes, to show its controls. */
    static boolean may(ConsoleSession session, String method, String adminPath) {
        return session.may(EndpointScopes.required(method, adminPath));
    }

    static Cookie sessionCookie(RoutingContext context, String value) {
        return Cookie.cookie(COOKIE, value).setPath("/console").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(context.request().isSSL())
                .setMaxAge(ConsoleSessions.LIFETIME.toSeconds());
    }

    static void render(RoutingContext context, int status, String page) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .end(page);
    }

    /** A full page for the signed-in session, with the notice a change left for it. */
    static void page(RoutingContext context, String title, String current, Html content) {
        ConsoleSession session = session(context);
        render(context, 200, Layout.page(title, current, session, session.takeNotice().orElse(null), content));
    }

    /** A 303 to {@code path}: the answer to a form, so reloading the next page never posts it again. */
    static void redirect(RoutingContext context, String path) {
        context.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, path).end();
    }

    private static void refuse(RoutingContext context) {
        Throwable failure = context.failure();
        int status;
        String title;
        String detail;
        if (failure instanceof AdminError error) {
            status = error.status();
            title = error.toJson().getString("error");
            detail = error.getMessage();
        } else if (failure instanceof RampStore.RampRefused || failure instanceof RampActions.UnknownCohort) {
            status = failure instanceof RampStore.RampRefused ? 409 : 404;
            title = status == 409 ? "ramp_refused" : "not_found";
            detail = failure.getMessage();
        } else if (failure instanceof RolloutStore.StaleVersion stale) {
            status = 409;
            title = "stale_version";
            detail = stale.getMessage() + ". Someone changed it since this page was read; nothing was overwritten.";
        } else if (failure == null) {
            status = context.statusCode() < 400 ? 500 : context.statusCode();
            title = status == 404 ? "not_found" : status == 413 ? "body_too_large" : "error";
            detail = status == 404 ? "no such console page" : "HTTP " + status;
        } else {
            LOG.log(Level.WARNING, "console " + context.request().method() + " " + context.request().path()
                    + " failed", failure);
            status = 500;
            title = "internal_error";
            detail = String.valueOf(failure.getMessage());
        }
        if (context.response().ended()) {
            return;
        }
        ConsoleSession session = session(context);
        Html content = new Html().raw("<div class=\"problem\" role=\"alert\" id=\"problem\"><p><strong>")
                .text(status + " " + title).raw("</strong></p><p>").text(detail).raw("</p></div>")
                .raw("<p><a href=\"").text(session == null ? "/console/sign-in" : "/console/").raw("\">")
                .text(session == null ? "Sign in" : "Back to the overview").raw("</a></p>");
        render(context, status, Layout.page(status == 409 ? "Conflict" : "Refused", "", session, null, content));
    }
}
