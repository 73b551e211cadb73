package dev.strangler.migrator.state;

import dev.strangler.config.TokenScope;
import dev.strangler.migrator.AdminTokenStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The token tables of the state schema ({@code strangler.admin_token} and {@code strangler.admin_token_audit},
 * created by {@link StateSchema}) behind {@link AdminTokenStore}: each change writes the row and its audit entry in
 * one transaction.
 */
public final class AdminTokenRows implements AdminTokenStore {

    private static final String ALL = """
            SELECT name, scope, sha256, created_by, created_at FROM strangler.admin_token ORDER BY name""";
    private static final String ADD = """
            INSERT INTO strangler.admin_token (name, scope, sha256, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING""";
    private static final String REVOKE = "DELETE FROM strangler.admin_token WHERE name = $1 RETURNING scope";
    private static final String AUDIT = """
            INSERT INTO strangler.admin_token_audit (name, action, scope, changed_by, changed_at)
            VALUES ($1, $2, $3, $4, $5)""";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool modern;
    private final Clock clock;

    public AdminTokenRows(Pool modern, Clock clock) {
        this.modern = modern;
        this.clock = clock;
    }

    @Override
    public Future<List<StoredToken>> all() {
        return modern.query(ALL).execute().map(rows -> {
            List<StoredToken> tokens = new ArrayList<>();
            for (Row row : rows) {
                tokens.add(new StoredToken(row.getString("name"), TokenScope.of(row.getString("scope")),
                        row.getBuffer("sha256").getBytes(), row.getString("created_by"),
                        row.getOffsetDateTime("created_at").toInstant()));
            }
            return tokens;
        });
    }

    @Override
    public Future<StoredToken> add(String name, TokenScope scope, byte[] sha256, String actor) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return modern.withTransaction(connection -> connection.preparedQuery(ADD)
                        .execute(Tuple.of(name, scope.id(), Buffer.buffer(sha256), actor, now))
                        .compose(added -> {
                            if (added.rowCount() == 0) {
                                return Future.failedFuture(new NameTaken(name));
                            }
                            return connection.preparedQuery(AUDIT).execute(Tuple.of(name, "add", scope.id(), actor,
                                    now));
                        }))
                .recover(failure -> failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                        ? Future.failedFuture(new IllegalArgumentException("another token has the same secret"))
                        : Future.failedFuture(failure))
                .map(audited -> new StoredToken(name, scope, sha256, actor, now.toInstant()));
    }

    @Override
    public Future<Boolean> revoke(String name, String actor) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return modern.withTransaction(connection -> connection.preparedQuery(REVOKE).execute(Tuple.of(name))
                .compose(deleted -> {
                    if (deleted.rowCount() == 0) {
                        return Future.succeededFuture(false);
                    }
                    String scope = deleted.iterator().next().getString("scope");
                    return connection.preparedQuery(AUDIT).execute(Tuple.of(name, "revoke", scope, actor, now))
                            .map(true);
                }));
    }
}
