package dev.strangler.proxy.console;

import dev.strangler.config.TokenScope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One signed-in browser: the token it signed in with (its name and scope, never the token itself), who it acts as in
 * the audit, its CSRF token, and the opaque handles that stand for user keys in its URLs. A user key never appears
 * in a URL: a page links to {@code /console/users/HANDLE}, and only this session can turn the handle back into the
 * key.
 */
final class ConsoleSession {

    private static final int HANDLES = 500;

    private final String id;
    private final String tokenName;
    private final TokenScope scope;
    private final String actor;
    private final String csrf;
    private final Instant signedIn;
    private Instant lastSeen;
    private String notice;
    private final Map<String, String> keyByHandle = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > HANDLES;
        }
    };
    private final Map<String, String> handleByKey = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > HANDLES;
        }
    };

    ConsoleSession(String id, String tokenName, TokenScope scope, String actor, String csrf, Instant signedIn) {
        this.id = id;
        this.tokenName = tokenName;
        this.scope = scope;
        this.actor = actor;
        this.csrf = csrf;
        this.signedIn = signedIn;
        this.lastSeen = signedIn;
    }

    String id() {
        return id;
    }

    String tokenName() {
        return tokenName;
    }

    TokenScope scope() {
        return scope;
    }

    /** Who the audit names for this session's changes: {@code token:NAME} or {@code PERSON (token:NAME)}. */
    String actor() {
        return actor;
    }

    String csrf() {
        return csrf;
    }

    Instant signedIn() {
        return signedIn;
    }

    synchronized Instant lastSeen() {
        return lastSeen;
    }

    synchronized void seen(Instant now) {
        lastSeen = now;
    }

    /** Whether this session may make a change that needs {@code required}. */
    boolean may(TokenScope required) {
        return scope.covers(required);
    }

    /** The handle that stands for {@code userKey} in this session's URLs, the same one each time. */
    synchronized String handle(String userKey, Supplier<String> fresh) {
        String handle = handleByKey.get(userKey);
        if (handle == null || !keyByHandle.containsKey(handle)) {
            handle = fresh.get();
            handleByKey.put(userKey, handle);
            keyByHandle.put(handle, userKey);
        }
        return handle;
    }

    synchronized Optional<String> userKey(String handle) {
        return Optional.ofNullable(keyByHandle.get(handle));
    }

    /** A one-time message for the next page (what a change did). */
    synchronized void notice(String text) {
        notice = text;
    }

    synchronized Optional<String> takeNotice() {
        String taken = notice;
        notice = null;
        return Optional.ofNullable(taken);
    }
}
