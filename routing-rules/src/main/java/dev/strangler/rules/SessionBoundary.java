package dev.strangler.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * Cutover at a session boundary ({@code routing.session: {cookie: JSESSIONID, idle: 30m}}): a user who is not
 * migrated and carries legacy's session cookie stays on legacy until that session ends, even once their cohort's
 * share includes them, so nobody is signed out mid-task; the migration and the flip to modern happen on the first
 * request of a new session.
 *
 * <p>A session ends when its cookie is gone, or when it has had no request for {@code idle}. The proxy learns the
 * second from a cookie of its own, {@value #STAMP_COOKIE}, that it sets on legacy's answers to a request carrying
 * the session cookie: a fingerprint of the session and the second it was last seen, so every instance of the fleet
 * reads the same age from the request itself, whichever instance served the previous one. A session the proxy has
 * never stamped (begun before the setting, or stamped for another session value) counts as in progress.
 *
 * <pre>
 * Cookie: JSESSIONID=abc                                  not migrated, in the share: legacy (session in progress)
 * Cookie: JSESSIONID=abc; strangler_session=FP.NOW-5m     legacy, idle 30m not reached
 * Cookie: JSESSIONID=abc; strangler_session=FP.NOW-31m    the session ended: migrate, then modern
 * (no JSESSIONID)                                         a new session: migrate, then modern
 * </pre>
 *
 * @param cookie the name of legacy's session cookie ({@code cookie:}, required)
 * @param idle   how long without a request ends a session ({@code idle:}, default 30m)
 */
public record SessionBoundary(String cookie, Duration idle) {

    /** The proxy's own cookie: the legacy session's fingerprint and the epoch second it was last seen. */
    public static final String STAMP_COOKIE = "strangler_session";

    public SessionBoundary {
        Objects.requireNonNull(cookie, "cookie");
        Objects.requireNonNull(idle, "idle");
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle: " + idle + " (expected: more than 0)");
        }
    }

    /** True when the request belongs to a legacy session that has not ended at the request's time. */
    public boolean inProgress(RequestFacts request) {
        String session = request.cookies().get(cookie);
        if (session == null || session.isBlank()) {
            return false;
        }
        long lastSeen = lastSeen(request.cookies().get(STAMP_COOKIE), fingerprint(session));
        return lastSeen < 0 || request.epochSecond() - lastSeen < idle.toSeconds();
    }

    /**
     * The {@code Set-Cookie} value that records this request as the session's latest, for an answer from legacy;
     * null when the request carries no session cookie or its stamp is recent enough (younger than a tenth of
     * {@code idle}, at most a minute), so a busy session is not re-stamped on every request.
     */
    public String stamp(RequestFacts request) {
        String session = request.cookies().get(cookie);
        if (session == null || session.isBlank()) {
            return null;
        }
        String fingerprint = fingerprint(session);
        long lastSeen = lastSeen(request.cookies().get(STAMP_COOKIE), fingerprint);
        long refresh = Math.max(1, Math.min(60, idle.toSeconds() / 10));
        if (lastSeen >= 0 && request.epochSecond() - lastSeen < refresh) {
            return null;
        }
        return STAMP_COOKIE + "=" + fingerprint + "." + request.epochSecond() + "; Path=/; HttpOnly; SameSite=Lax";
    }

    /** The second the stamp says its session was last seen, or -1 without a stamp for this session. */
    private static long lastSeen(String stamp, String fingerprint) {
        if (stamp == null) {
            return -1;
        }
        int dot = stamp.indexOf('.');
        if (dot < 0 || !stamp.substring(0, dot).equals(fingerprint)) {
            return -1;
        }
        try {
            return Long.parseLong(stamp.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String fingerprint(String session) {
        return Long.toHexString(Bucketing.unsignedHash(session));
    }

    @Override
    public String toString() {
        return "session cookie " + cookie + ", idle " + idle;
    }
}
