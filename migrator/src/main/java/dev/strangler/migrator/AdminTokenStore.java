package dev.strangler.migrator;

import dev.strangler.config.TokenScope;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Admin tokens added at runtime ({@code strangler.admin_token}, audit in {@code strangler.admin_token_audit}),
 * shared by every proxy instance and by {@code strangler token}. Only a token's SHA-256 is stored; the table's
 * trigger notifies every instance at commit, which then re-reads {@link #all()}.
 */
public interface AdminTokenStore {

    /** Every token, by name. */
    Future<List<StoredToken>> all();

    /**
     * Adds a token by its hash, auditing {@code actor}; fails with {@link NameTaken} if a token of that name exists
     * (a hash another token has is refused by the database).
     */
    Future<StoredToken> add(String name, TokenScope scope, byte[] sha256, String actor);

    /** Deletes the token named {@code name}, auditing {@code actor}; completes with false when there is none. */
    Future<Boolean> revoke(String name, String actor);

    /** A token of that name exists already. */
    final class NameTaken extends RuntimeException {
        public NameTaken(String name) {
            super("a token named " + name + " exists (revoke it first, or choose another name)", null, false,
                    false);
        }
    }

    /**
     * One stored token.
     *
     * @param name      its name, the actor the audit records for its calls
     * @param scope     what it may do
     * @param sha256    the SHA-256 of the token (32 bytes)
     * @param createdBy who added it
     * @param createdAt when
     */
    record StoredToken(String name, TokenScope scope, byte[] sha256, String createdBy, Instant createdAt) {

        public StoredToken {
            sha256 = sha256.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StoredToken token && name.equals(token.name) && scope == token.scope
                    && Arrays.equals(sha256, token.sha256) && createdBy.equals(token.createdBy)
                    && createdAt.equals(token.createdAt);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "StoredToken[" + name + ", scope=" + scope + ", by " + createdBy + " at " + createdAt + "]";
        }
    }
}
