package dev.strangler.migrator.state;

import dev.strangler.migrator.ShadowStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The shadow tables of the state schema ({@code V12__shadow_comparisons.sql}) behind {@link ShadowStore}: one
 * transaction per batch adds counts (upserts that sum), appends mismatches, trims each route to its newest and
 * deletes what is past the retention.
 */
public final class ShadowRows implements ShadowStore {

    private static final String ADD_COUNT = """
            INSERT INTO strangler.shadow_count (route, minute, result, count) VALUES ($1, $2, $3, $4)
            ON CONFLICT (route, minute, result) DO UPDATE SET count = shadow_count.count + EXCLUDED.count""";
    private static final String ADD_FIELD = """
            INSERT INTO strangler.shadow_field (route, minute, kind, field, count) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (route, minute, kind, field) DO UPDATE SET count = shadow_field.count + EXCLUDED.count""";
    private static final String ADD_MISMATCH = """
            INSERT INTO strangler.shadow_mismatch (route, at, user_key, method, uri, fields, primary_side, shadow_side)
            VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8::text::jsonb)""";
    private static final String TRIM = """
            DELETE FROM strangler.shadow_mismatch WHERE route = $1 AND id < (
                SELECT min(id) FROM (SELECT id FROM strangler.shadow_mismatch WHERE route = $1
                                     ORDER BY id DESC LIMIT $2) newest)""";
    private static final List<String> EXPIRE = List.of(
            "DELETE FROM strangler.shadow_count WHERE minute < $1",
            "DELETE FROM strangler.shadow_field WHERE minute < $1",
            "DELETE FROM strangler.shadow_mismatch WHERE at < $1");
    /** The report's three reads see one snapshot: a batch committed between them would show mismatches without counts. */
    private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    private static final String COUNTS = """
            SELECT route, result, sum(count) AS count FROM strangler.shadow_count WHERE minute >= $1
            GROUP BY route, result""";
    private static final String FIELDS = """
            SELECT route, kind, field, total FROM (
                SELECT route, kind, field, sum(count) AS total,
                       row_number() OVER (PARTITION BY route, kind ORDER BY sum(count) DESC, field) AS rank
                FROM strangler.shadow_field WHERE minute >= $1 GROUP BY route, kind, field) ranked
            WHERE rank <= $2 ORDER BY route, kind, total DESC, field""";
    private static final String MISMATCHES = """
            SELECT route, at, user_key, method, uri, fields::text AS fields, primary_side::text AS primary_side,
                   shadow_side::text AS shadow_side FROM (
                SELECT *, row_number() OVER (PARTITION BY route ORDER BY id DESC) AS rank
                FROM strangler.shadow_mismatch WHERE at >= $1) newest
            WHERE rank <= $2 ORDER BY route, id DESC""";

    private final Pool modern;

    public ShadowRows(Pool modern) {
        this.modern = modern;
    }

    @Override
    public Future<Void> record(Batch batch, int keep, Instant olderThan) {
        return modern.withTransaction(connection -> add(connection, batch)
                .compose(added -> trim(connection, batch, keep))
                .compose(trimmed -> expire(connection, olderThan)));
    }

    private static Future<Void> add(SqlConnection connection, Batch batch) {
        OffsetDateTime minute = utc(batch.minute());
        List<Tuple> counts = new ArrayList<>();
        batch.counts().forEach((route, byResult) -> byResult.forEach((result, count) ->
                counts.add(Tuple.of(route, minute, result, count))));
        List<Tuple> fields = new ArrayList<>();
        batch.fields().forEach((route, list) -> list.forEach(field ->
                fields.add(Tuple.of(route, minute, field.noise() ? "noise" : "mismatch", field.field(),
                        field.count()))));
        List<Tuple> mismatches = new ArrayList<>();
        for (Mismatch mismatch : batch.mismatches()) {
            mismatches.add(Tuple.from(List.of(mismatch.route(), utc(mismatch.at()),
                    mismatch.userKey() == null ? "" : mismatch.userKey(), mismatch.method(), mismatch.uri(),
                    new JsonArray(new ArrayList<>(mismatch.fields())).encode(), mismatch.primary(),
                    mismatch.shadow())));
        }
        return batchOf(connection, ADD_COUNT, counts)
                .compose(done -> batchOf(connection, ADD_FIELD, fields))
                .compose(done -> batchOf(connection, ADD_MISMATCH, mismatches));
    }

    private static Future<Void> trim(SqlConnection connection, Batch batch, int keep) {
        List<Tuple> routes = new ArrayList<>();
        for (String route : new TreeSet<>(batch.mismatches().stream().map(Mismatch::route).toList())) {
            routes.add(Tuple.of(route, keep));
        }
        return batchOf(connection, TRIM, routes);
    }

    private static Future<Void> expire(SqlConnection connection, Instant olderThan) {
        Tuple before = Tuple.of(utc(olderThan));
        return connection.preparedQuery(EXPIRE.get(0)).execute(before)
                .compose(done -> connection.preparedQuery(EXPIRE.get(1)).execute(before))
                .compose(done -> connection.preparedQuery(EXPIRE.get(2)).execute(before))
                .mapEmpty();
    }

    private static Future<Void> batchOf(SqlConnection connection, String sql, List<Tuple> tuples) {
        return tuples.isEmpty() ? Future.succeededFuture()
                : connection.preparedQuery(sql).executeBatch(tuples).mapEmpty();
    }

    @Override
    public Future<List<RouteReport>> report(Instant since, int topFields, int mismatches) {
        Report report = new Report();
        return modern.withTransaction(connection -> connection.query(SNAPSHOT).execute()
                .compose(snapshot -> connection.preparedQuery(COUNTS).execute(Tuple.of(utc(since))))
                .onSuccess(report::counts)
                .compose(read -> connection.preparedQuery(FIELDS).execute(Tuple.of(utc(since), topFields)))
                .onSuccess(report::fields)
                .compose(read -> connection.preparedQuery(MISMATCHES).execute(Tuple.of(utc(since), mismatches)))
                .map(report::mismatchesAndAll));
    }

    /** The report's rows, gathered route by route as the three reads return. */
    private static final class Report {
        private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        private final Map<String, List<FieldCount>> fields = new LinkedHashMap<>();
        private final Map<String, List<FieldCount>> noise = new LinkedHashMap<>();
        private final Map<String, List<Mismatch>> newest = new LinkedHashMap<>();

        void counts(RowSet<Row> rows) {
            for (Row row : rows) {
                counts.computeIfAbsent(row.getString("route"), r -> new LinkedHashMap<>())
                        .put(row.getString("result"), row.getLong("count"));
            }
        }

        void fields(RowSet<Row> rows) {
            for (Row row : rows) {
                boolean isNoise = "noise".equals(row.getString("kind"));
                (isNoise ? noise : fields).computeIfAbsent(row.getString("route"), r -> new ArrayList<>())
                        .add(new FieldCount(row.getString("field"), isNoise, row.getLong("total")));
            }
        }

        List<RouteReport> mismatchesAndAll(RowSet<Row> rows) {
            for (Row row : rows) {
                String userKey = row.getString("user_key");
                newest.computeIfAbsent(row.getString("route"), r -> new ArrayList<>()).add(new Mismatch(
                        row.getString("route"), row.getOffsetDateTime("at").toInstant(),
                        userKey == null || userKey.isEmpty() ? null : userKey, row.getString("method"),
                        row.getString("uri"), new JsonArray(row.getString("fields")).stream()
                        .map(String::valueOf).toList(), row.getString("primary_side"),
                        row.getString("shadow_side")));
            }
            TreeSet<String> routes = new TreeSet<>(counts.keySet());
            routes.addAll(newest.keySet());
            List<RouteReport> reports = new ArrayList<>();
            for (String route : routes) {
                reports.add(new RouteReport(route, counts.getOrDefault(route, Map.of()),
                        fields.getOrDefault(route, List.of()), noise.getOrDefault(route, List.of()),
                        newest.getOrDefault(route, List.of())));
            }
            return reports;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
