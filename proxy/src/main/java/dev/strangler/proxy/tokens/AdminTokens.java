package dev.strangler.proxy.tokens;

import dev.strangler.config.AdminConfig;
import dev.strangler.config.AdminTokenConfig;
import dev.strangler.config.TokenScope;
import dev.strangler.migrator.AdminTokenStore;
import dev.strangler.migrator.AdminTokenStore.StoredToken;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admin tokens this instance accepts: those of the configuration file ({@code admin.token} as {@code default}
 * with scope {@code admin}, and {@code admin.tokens}), fixed until a restart, and those of the state database,
 * re-read on every {@code tokens} notification of the control channel. A presented token is hashed and its hash
 * compared with every known hash by {@link MessageDigest#isEqual}, without stopping at a match, so the time taken
 * tells nothing about which token, if any, was close. Only hashes are held.
 */
public final class AdminTokens {

    private static final Logger LOG = Logger.getLogger(AdminTokens.class.getName());

    private final List<Known> configured;
    private final AdminTokenStore store;
    private volatile List<Known> known;

    private AdminTokens(List<Known> configured, AdminTokenStore store) {
        this.configured = List.copyOf(configured);
        this.store = store;
        this.known = this.configured;
    }

    /** The file's tokens; {@link #reload()} adds the state database's. */
    public static AdminTokens of(AdminConfig admin, AdminTokenStore store) {
        List<Known> configured = new ArrayList<>();
        if (admin.token() != null) {
            configured.add(new Known(AdminTokenConfig.DEFAULT_NAME, TokenScope.ADMIN,
                    TokenSecret.sha256(admin.token()), Source.CONFIGURATION));
        }
        for (AdminTokenConfig token : admin.tokens()) {
            configured.add(new Known(token.name(), token.scope(), token.hash(), Source.CONFIGURATION));
        }
        return new AdminTokens(configured, store);
    }

    /** The caller {@code authorization} ({@code Bearer <token>}) names, or empty for none or an unknown token. */
    public Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = TokenSecret.sha256(authorization.substring(7).trim());
        Known match = null;
        for (Known token : known) {
            if (MessageDigest.isEqual(token.sha256(), presented) && match == null) {
                match = token;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.name(), match.scope()));
    }

    /**
     * Re-reads the state database's tokens and replaces them at once; one whose name the file uses is ignored (the
     * file's wins). On failure the tokens known before stay, and the future fails.
     */
    public Future<List<Known>> reload() {
        return store.all().map(stored -> {
            List<Known> next = new ArrayList<>(configured);
            for (StoredToken token : stored) {
                if (isConfigured(token.name())) {
                    LOG.warning("admin token " + token.name() + " of the state database is ignored: the"
                            + " configuration file has a token of that name");
                } else {
                    next.add(new Known(token.name(), token.scope(), token.sha256(), Source.DATABASE));
                }
            }
            known = List.copyOf(next);
            return known;
        }).onFailure(error -> LOG.log(Level.WARNING, "cannot read the admin tokens: " + error.getMessage()));
    }

    /** Every token known now, the file's first. */
    public List<Known> known() {
        return known;
    }

    /** True when the configuration file gives a token of this name (it cannot be added or revoked at runtime). */
    public boolean isConfigured(String name) {
        return configured.stream().anyMatch(token -> token.name().equals(name));
    }

    /** The state database's tokens, where runtime changes go. */
    public AdminTokenStore store() {
        return store;
    }

    /** Where a token comes from. */
    public enum Source {
        CONFIGURATION, DATABASE;

        public String id() {
            return this == CONFIGURATION ? "configuration" : "database";
        }
    }

    /**
     * A token known to this instance, by its hash.
     *
     * @param name   its name
     * @param scope  what it may do
     * @param sha256 the SHA-256 of the secret
     * @param source the file or the state database
     */
    public record Known(String name, TokenScope scope, byte[] sha256, Source source) {

        @Override
        public String toString() {
            return "AdminToken[" + name + ", scope=" + scope + ", from the " + source.id() + "]";
        }
    }
}
