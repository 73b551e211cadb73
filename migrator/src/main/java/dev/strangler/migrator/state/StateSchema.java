package dev.strangler.migrator.state;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Creates and upgrades schema {@code strangler} on the modern database: an ordered list of SQL scripts, each applied
 * once, recorded in {@code strangler.schema_version}. All of it runs in one transaction under an advisory lock, so
 * several instances starting together apply each script exactly once and never see a half-built schema.
 */
public final class StateSchema {

    /** The scripts, oldest first; a script's version is its position plus one. Never edit a released script. */
    static final List<String> SCRIPTS = List.of("V1__user_state_and_ledger.sql", "V2__rollout_and_pins.sql");

    /** Advisory lock key for schema upgrades ("strs" in ASCII), apart from the per-user keys. */
    private static final long UPGRADE_LOCK = 0x73747273L;

    private StateSchema() {
    }

    /** The newest version this build knows. */
    public static int latestVersion() {
        return SCRIPTS.size();
    }

    /** Brings the schema to {@link #latestVersion()}; completes with the version found before upgrading. */
    public static Future<Integer> upgrade(Pool modern) {
        return modern.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(UPGRADE_LOCK))
                .compose(locked -> connection.query("""
                        CREATE SCHEMA IF NOT EXISTS strangler;
                        CREATE TABLE IF NOT EXISTS strangler.schema_version (
                            version     integer     PRIMARY KEY,
                            script      text        NOT NULL,
                            applied_at  timestamptz NOT NULL DEFAULT now())""").execute())
                .compose(created -> connection
                        .query("SELECT coalesce(max(version), 0) AS version FROM strangler.schema_version").execute())
                .compose(rows -> {
                    int current = rows.iterator().next().getInteger("version");
                    return applyFrom(connection, current, current);
                }));
    }

    private static Future<Integer> applyFrom(SqlConnection connection, int next, int found) {
        if (next >= SCRIPTS.size()) {
            return Future.succeededFuture(found);
        }
        String script = SCRIPTS.get(next);
        return connection.query(read(script)).execute()
                .compose(applied -> connection
                        .preparedQuery("INSERT INTO strangler.schema_version (version, script) VALUES ($1, $2)")
                        .execute(Tuple.of(next + 1, script)))
                .compose(recorded -> applyFrom(connection, next + 1, found));
    }

    /** The versions applied so far, for {@code strangler check} and tests. */
    public static Future<List<Integer>> appliedVersions(Pool modern) {
        return modern.query("SELECT version FROM strangler.schema_version ORDER BY version").execute()
                .map(rows -> rows.stream().map((Row row) -> row.getInteger("version")).toList());
    }

    private static String read(String script) {
        try (InputStream in = StateSchema.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("schema script missing from the build: " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
