package dev.strangler.migrator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.config.TokenScope;
import dev.strangler.migrator.AdminTokenStore;
import dev.strangler.migrator.AdminTokenStore.StoredToken;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The runtime admin tokens on a real state database: hashes only, names unique, every change audited. */
@ExtendWith(PostgresExtension.class)
class AdminTokenRowsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private Vertx vertx;
    private Pool pool;
    private AdminTokenStore tokens;
    private TestDatabase modern;

    @BeforeEach
    void start(@Postgres("modern") TestDatabase modern) {
        this.modern = modern;
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(modern.uri()).using(vertx).build();
        StateSchema.upgrade(pool).await();
        tokens = new AdminTokenRows(pool, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        pool.close().await();
        vertx.close().await();
    }

    @Test
    void addedToken_isReadBackWithItsHashAndAudited() throws Exception {
        byte[] hash = hash(11);

        tokens.add("ci-add", TokenScope.OPERATE, hash, "token:default").await();

        assertThat(tokens.all().await()).contains(
                new StoredToken("ci-add", TokenScope.OPERATE, hash, "token:default", NOW));
        assertThat(modern.count("SELECT count(*) FROM strangler.admin_token_audit WHERE name = 'ci-add'"
                + " AND action = 'add' AND changed_by = 'token:default'")).isEqualTo(1);
    }

    @Test
    void nameTaken_isRefusedAndTheFirstTokenStays() {
        tokens.add("ci-taken", TokenScope.READ, hash(21), "cli:alice").await();

        assertThatThrownBy(() -> tokens.add("ci-taken", TokenScope.ADMIN, hash(22), "cli:mallory").await())
                .isInstanceOf(AdminTokenStore.NameTaken.class);
        assertThatThrownBy(() -> tokens.add("other", TokenScope.ADMIN, hash(21), "cli:mallory").await())
                .hasMessageContaining("same secret");
        assertThat(tokens.all().await()).filteredOn(token -> token.name().equals("ci-taken")).singleElement()
                .extracting(StoredToken::scope).isEqualTo(TokenScope.READ);
    }

    @Test
    void revokedToken_isGoneAndAudited() throws Exception {
        tokens.add("ci-revoke", TokenScope.READ, hash(31), "cli:alice").await();

        assertThat(tokens.revoke("ci-revoke", "cli:bob").await()).isTrue();
        assertThat(tokens.revoke("ci-revoke", "cli:bob").await()).isFalse();

        assertThat(tokens.all().await()).extracting(StoredToken::name).doesNotContain("ci-revoke");
        assertThat(modern.count("SELECT count(*) FROM strangler.admin_token_audit WHERE name = 'ci-revoke'"
                + " AND action = 'revoke' AND changed_by = 'cli:bob' AND scope = 'read'")).isEqualTo(1);
        assertThatThrownBy(() -> modern.execute("DELETE FROM strangler.admin_token_audit"))
                .hasMessageContaining("append-only");
    }

    private static byte[] hash(int seed) {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) seed);
        return hash;
    }
}
