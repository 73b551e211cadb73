package dev.strangler.config.file;

import dev.strangler.rules.SessionBoundary;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code routing.session: {cookie: JSESSIONID, idle: 30m}}; absent, cutovers do not wait for sessions. */
final class SessionReader {

    private static final Set<String> KEYS = Set.of("cookie", "idle");
    private static final Pattern COOKIE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private SessionReader() {
    }

    static SessionBoundary read(ConfigNode node) {
        if (!node.isPresent() || !node.expectKeys(KEYS)) {
            return null;
        }
        ConfigNode cookieNode = node.get("cookie");
        String cookie = cookieNode.requiredText();
        if (cookie != null && !COOKIE.matcher(cookie.trim()).matches()) {
            cookieNode.error(cookie + " (expected: a cookie name such as JSESSIONID)");
            return null;
        }
        if (cookie != null && cookie.trim().equals(SessionBoundary.STAMP_COOKIE)) {
            cookieNode.error(cookie + " (expected: legacy's session cookie; " + SessionBoundary.STAMP_COOKIE
                    + " is the proxy's own)");
            return null;
        }
        Duration idle = node.get("idle").positiveDuration(Duration.ofMinutes(30));
        return cookie == null ? null : new SessionBoundary(cookie.trim(), idle);
    }
}
