package dev.strangler.proxy.console;

import dev.strangler.proxy.tokens.AdminTokens;
import dev.strangler.proxy.tokens.Caller;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in browsers of this instance, in memory: a session lasts {@link #LIFETIME} at most and ends after
 * {@link #IDLE} without a request, when its browser signs out, or as soon as its token is revoked or changes scope
 * (every request checks the token is still known). Session ids, CSRF tokens and user handles are 32 random bytes
 * (256 bits) from {@link SecureRandom}.
 */
public final class ConsoleSessions {

    /** The longest a session lasts; the cookie's {@code Max-Age} says the same. */
    static final Duration LIFETIME = Duration.ofHours(1);
    /** A session unused this long ends. */
    static final Duration IDLE = Duration.ofMinutes(15);
    private static final int MAX_SESSIONS = 1000;

    private final AdminTokens tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ConsoleSession> byId = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ConsoleSession> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    public ConsoleSessions(AdminTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A new session for the token's caller, acting as {@code person} when one was given. */
    synchronized ConsoleSession signIn(Caller caller, String person) {
        String id = randomId();
        ConsoleSession session = new ConsoleSession(id, caller.name(), caller.scope(), caller.actor(person),
                randomId(), clock.instant());
        byId.put(id, session);
        return session;
    }

    /**
     * The live session with this id; empty (and forgotten) once expired or its token is gone. With {@code touch}
     * the request counts as activity; the overview's periodic refresh does not, so a forgotten open tab still ends
     * after {@link #IDLE}.
     */
    synchronized Optional<ConsoleSession> find(String id, boolean touch) {
        ConsoleSession session = id == null ? null : byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        boolean expired = now.isAfter(session.signedIn().plus(LIFETIME)) || now.isAfter(session.lastSeen().plus(IDLE));
        boolean tokenValid = tokens.known().stream().anyMatch(known -> known.name().equals(session.tokenName())
                && known.scope() == session.scope());
        if (expired || !tokenValid) {
            byId.remove(id);
            return Optional.empty();
        }
        if (touch) {
            session.seen(now);
        }
        return Optional.of(session);
    }

    synchronized void signOut(String id) {
        byId.remove(id);
    }

    /** 32 random bytes, base64url without padding. */
    String randomId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
