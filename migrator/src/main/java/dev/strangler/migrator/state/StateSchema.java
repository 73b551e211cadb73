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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates and upgrades schema {@code strangler} on the modern database: an ordered list of SQL scripts, each applied
 * once, recorded in {@code strangler.schema_version}. A script's version is the number in its file name
 * ({@code V3__backfill_claims.sql} is version 3), not its place in the list: branches that add scripts in parallel
 * keep their numbers when merged, and a gap (a version never released) is allowed. All of it runs in one transaction under an advisory lock, so
 * several instances starting together apply each script exactly once and never see a half-built schema.
 */
public final class StateSchema {

    /** The scripts, oldest first, versions strictly increasing. Never edit a released script. */
    static final List<String> SCRIPTS = List.of("V1__user_state_and_ledger.sql", "V2__rollout_and_pins.sql",
            "V3__backfill_claims.sql", "V4__claim_fencing.sql", "V5__catch_up_outcome.sql",
            "V6__rolling_back_state.sql", "V10__admin_tokens.sql", "V11__user_deleted_notify.sql",
            "V12__shadow_comparisons.sql", "V13__ramps.sql", "V17__change_audit.sql",
            "V18__coexistence.sql", "V20__cleaned_mark_notify.sql",
            "V26__cohort_stage_notify.sql", "V27__cleaned_mark_due.sql", "V28__fleet_barrier.sql",
            "V29__sync_inbox.sql");

    private static final Pattern VERSIONED = Pattern.compile("V([1-9][0-9]*)__[A-Za-z0-9_]+\\.sql");

    private static final List<Script> ORDERED = ordered(SCRIPTS);

    /** Advisory lock key for schema upgrades ("strs" in ASCII), apart from the per-user keys. */
    private static final long UPGRADE_LOCK = 0x73747273L;

    private StateSchema() {
    }

    /** The newest version this build knows. */
    public static int latestVersion() {
        return ORDERED.get(ORDERED.size() - 1).version();
    }

    /**
     * The scripts with their versions, checked: every name is {@code V<n>__<words>.sql} and the versions strictly
     * increase in list order; gaps are allowed.
     */
    static List<Script> ordered(List<String> names) {
        List<Script> scripts = new ArrayList<>();
        int previous = 0;
        for (String name : names) {
            Matcher matcher = VERSIONED.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalStateException("schema script " + name + ": expected a name V<n>__<words>.sql");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version <= previous) {
                throw new IllegalStateException("schema script " + name + ": version " + version
                        + " (expected: more than " + previous + ", the version before it)");
            }
            scripts.add(new Script(version, name));
            previous = version;
        }
        return List.copyOf(scripts);
    }

    /**
     * Brings the schema to {@link #latestVersion()}, applying every script not recorded yet; completes with the
     * highest version found before upgrading. The transaction asks for warnings only: PostgreSQL's notices that a
     * schema or table "already exists, skipping" are expected at every start, and the client would log each one.
     */
    public static Future<Integer> upgrade(Pool modern) {
        return upgrade(modern, ORDERED);
    }

    /** Like {@link #upgrade(Pool)} with the given scripts, for tests of the ordering rules. */
    static Future<Integer> upgrade(Pool modern, List<Script> scripts) {
        return modern.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(UPGRADE_LOCK))
                .compose(locked -> connection.query("""
                        SET LOCAL client_min_messages = warning;
                        CREATE SCHEMA IF NOT EXISTS strangler;
                        CREATE TABLE IF NOT EXISTS strangler.schema_version (
                            version     integer     PRIMARY KEY,
                            script      text        NOT NULL,
                            applied_at  timestamptz NOT NULL DEFAULT now())""").execute())
                .compose(created -> connection
                        .query("SELECT version FROM strangler.schema_version").execute())
                .compose(rows -> {
                    Set<Integer> applied = new HashSet<>();
                    rows.forEach(row -> applied.add(row.getInteger("version")));
                    int found = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
                    return applyFrom(connection, scripts, 0, applied).map(found);
                }));
    }

    /**
     * Applies, in order, every script whose version is not recorded yet, not only those above the highest: a
     * version merged in from a parallel branch after a later one was applied (V2 after V3) is applied too.
     */
    private static Future<Void> applyFrom(SqlConnection connection, List<Script> scripts, int index,
                                          Set<Integer> applied) {
        if (index >= scripts.size()) {
            return Future.succeededFuture();
        }
        Script script = scripts.get(index);
        if (applied.contains(script.version())) {
            return applyFrom(connection, scripts, index + 1, applied);
        }
        return connection.query(read(script.name())).execute()
                .compose(done -> connection
                        .preparedQuery("INSERT INTO strangler.schema_version (version, script) VALUES ($1, $2)")
                        .execute(Tuple.of(script.version(), script.name())))
                .compose(recorded -> applyFrom(connection, scripts, index + 1, applied));
    }

    /** A script and the version its name gives. */
    record Script(int version, String name) {
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
