package dev.strangler.proxy.tokens;

import dev.strangler.config.TokenScope;

/**
 * Who made an admin call: the token's name and scope.
 *
 * @param name  the token's name
 * @param scope what it may do
 */
public record Caller(String name, TokenScope scope) {

    private static final int ACTOR_LIMIT = 100;

    /**
     * Who made a change, for the audit and the log: {@code token:NAME}, or {@code PERSON (token:NAME)} when the
     * {@code X-Strangler-Actor} header names a person in at most {@value #ACTOR_LIMIT} printable ASCII characters.
     * The header is the caller's word; the token's name is what the proxy vouches for.
     */
    public String actor(String actorHeader) {
        String token = "token:" + name;
        if (actorHeader == null || actorHeader.isBlank() || actorHeader.length() > ACTOR_LIMIT
                || !actorHeader.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return token;
        }
        return actorHeader.trim() + " (" + token + ")";
    }
}
