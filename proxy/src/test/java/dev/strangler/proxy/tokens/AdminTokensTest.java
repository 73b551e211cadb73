package dev.strangler.proxy.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.AdminConfig;
import dev.strangler.config.AdminTokenConfig;
import dev.strangler.config.TokenScope;
import dev.strangler.migrator.AdminTokenStore;
import dev.strangler.migrator.AdminTokenStore.StoredToken;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which caller a presented token names, from the file's tokens and the store's, with a store of our own. */
class AdminTokensTest {

    private final Store store = new Store();

    @Test
    void fileWithNamedTokensOnly_acceptsThemWithTheirScopes() {
        AdminTokens tokens = AdminTokens.of(new AdminConfig("127.0.0.1", 0, null, List.of(
                new AdminTokenConfig("grafana", TokenScope.READ, TokenSecret.sha256Hex("grafana-secret")))), store);

        assertThat(tokens.authenticate("Bearer grafana-secret")).contains(new Caller("grafana", TokenScope.READ));
        assertThat(tokens.authenticate("bearer  grafana-secret ")).contains(new Caller("grafana", TokenScope.READ));
        assertThat(tokens.authenticate("Bearer grafana-secreT")).isEmpty();
        assertThat(tokens.authenticate("Bearer ")).isEmpty();
        assertThat(tokens.authenticate("grafana-secret")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
    }

    @Test
    void singleAdminToken_isTheAdminScopeTokenNamedDefault() {
        AdminTokens tokens = AdminTokens.of(new AdminConfig("127.0.0.1", 0, "the-single-admin-token"), store);

        assertThat(tokens.authenticate("Bearer the-single-admin-token"))
                .contains(new Caller("default", TokenScope.ADMIN));
        assertThat(tokens.isConfigured("default")).isTrue();
    }

    @Test
    void storedTokens_areAcceptedAfterAReload_andRevokedOnesRefusedAfterTheNext() {
        AdminTokens tokens = AdminTokens.of(new AdminConfig("127.0.0.1", 0, "the-single-admin-token"), store);
        store.tokens.add(stored("ci", TokenScope.OPERATE, "ci-secret"));
        assertThat(tokens.authenticate("Bearer ci-secret")).isEmpty();

        tokens.reload().await();
        assertThat(tokens.authenticate("Bearer ci-secret")).contains(new Caller("ci", TokenScope.OPERATE));

        store.tokens.clear();
        tokens.reload().await();
        assertThat(tokens.authenticate("Bearer ci-secret")).isEmpty();
        assertThat(tokens.authenticate("Bearer the-single-admin-token")).isPresent();
    }

    @Test
    void storedTokenWithTheNameOfOneInTheFile_isIgnored() {
        AdminTokens tokens = AdminTokens.of(new AdminConfig("127.0.0.1", 0, "the-single-admin-token"), store);
        store.tokens.add(stored("default", TokenScope.ADMIN, "an-impostor-secret"));

        tokens.reload().await();

        assertThat(tokens.authenticate("Bearer an-impostor-secret")).isEmpty();
        assertThat(tokens.known()).hasSize(1);
    }

    @Test
    void unreadableStore_keepsTheTokensKnownBefore() {
        AdminTokens tokens = AdminTokens.of(new AdminConfig("127.0.0.1", 0, "the-single-admin-token"), store);
        store.tokens.add(stored("ci", TokenScope.READ, "ci-secret"));
        tokens.reload().await();
        store.down = true;

        assertThat(tokens.reload().failed()).isTrue();

        assertThat(tokens.authenticate("Bearer ci-secret")).contains(new Caller("ci", TokenScope.READ));
    }

    private static StoredToken stored(String name, TokenScope scope, String secret) {
        return new StoredToken(name, scope, TokenSecret.sha256(secret), "test", Instant.EPOCH);
    }

    private static final class Store implements AdminTokenStore {
        private final List<StoredToken> tokens = new ArrayList<>();
        private boolean down;

        @Override
        public Future<List<StoredToken>> all() {
            return down ? Future.failedFuture("state database down") : Future.succeededFuture(List.copyOf(tokens));
        }

        @Override
        public Future<StoredToken> add(String name, TokenScope scope, byte[] sha256, String actor) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public Future<Boolean> revoke(String name, String actor) {
            throw new UnsupportedOperationException("not used here");
        }
    }
}
