package dev.strangler.proxy.tokens;

import dev.strangler.config.TokenScope;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The scope each admin call needs (SPEC §12), as data: the first rule whose method and path match wins. A read
 * ({@code GET}, {@code HEAD}) needs {@code read}, except the token list, and so does a dry run, which writes
 * nothing; every change is listed with the scope it needs, and a change not listed (an endpoint added later and
 * forgotten here) needs {@code admin}, so a forgotten rule fails closed.
 *
 * <pre>
 * GET  /admin/status                 read
 * PUT  /admin/rollout/everyone       operate
 * POST /admin/users/ALFKI/rollback   admin
 * </pre>
 */
public final class EndpointScopes {

    private static final String SEGMENT = "[^/]+";
    private static final List<Rule> RULES = List.of(
            new Rule("GET|HEAD", "/admin/tokens(/.*)?", TokenScope.ADMIN),
            new Rule("GET|HEAD", "/admin/.*", TokenScope.READ),
            new Rule("POST", "/admin/users/" + SEGMENT + "/dry-run", TokenScope.READ),
            new Rule("PUT|DELETE", "/admin/rollout/" + SEGMENT, TokenScope.OPERATE),
            new Rule("PUT|DELETE", "/admin/users/" + SEGMENT + "/pin", TokenScope.OPERATE),
            new Rule("POST", "/admin/users/" + SEGMENT + "/migrate", TokenScope.OPERATE),
            new Rule("POST", "/admin/migrations/retry", TokenScope.OPERATE),
            new Rule("POST", "/admin/backfill/(start|stop)", TokenScope.OPERATE),
            new Rule("PUT", "/admin/stages/" + SEGMENT, TokenScope.OPERATE),
            new Rule("POST", "/admin/ramps/" + SEGMENT + "/(start|pause|resume|abort)", TokenScope.OPERATE),
            new Rule("POST", "/admin/users/" + SEGMENT + "/rollback", TokenScope.ADMIN),
            new Rule("POST", "/admin/config/reload", TokenScope.ADMIN),
            new Rule("POST|DELETE", "/admin/tokens(/" + SEGMENT + ")?", TokenScope.ADMIN));

    private EndpointScopes() {
    }

    /** The scope a call of {@code method} on {@code path} needs; {@code admin} for anything not listed. */
    public static TokenScope required(String method, String path) {
        for (Rule rule : RULES) {
            if (rule.method().matcher(method).matches() && rule.path().matcher(path).matches()) {
                return rule.scope();
            }
        }
        return TokenScope.ADMIN;
    }

    private record Rule(Pattern method, Pattern path, TokenScope scope) {
        Rule(String method, String path, TokenScope scope) {
            this(Pattern.compile(method), Pattern.compile(path), scope);
        }
    }
}
