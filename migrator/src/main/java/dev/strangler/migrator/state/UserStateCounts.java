package dev.strangler.migrator.state;

import dev.strangler.migrator.UserStateStore.CleanedBacklog;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Statements over the whole of {@code strangler.user_state}, for {@link UserStates}: users counted by state (the
 * gauges, the status), the cleaned marks owed, and the keys in or out of some states (the differential migration's
 * and the backfill's work lists).
 */
final class UserStateCounts {

    private static final String BY_STATE = "SELECT state, count(*) AS users FROM strangler.user_state GROUP BY state";

    private static final String CLEANED_BACKLOG = """
            SELECT count(*) AS users, coalesce(extract(epoch FROM now() - min(last_attempt_at)), 0)::float8 AS oldest
            FROM strangler.user_state WHERE cleaned_pending""";

    private static final String KEYS_IN = """
            SELECT user_key FROM strangler.user_state WHERE state = ANY($1) ORDER BY user_key""";

    private static final String KEYS_NOT_IN = "SELECT user_key FROM strangler.user_state WHERE state <> ALL($1)";
    private static final int KEYS_BATCH = 10_000;

    private final Pool modern;
    /** Not bound by {@code migration.timeout}: a count over millions of users may take longer than one attempt. */
    private final OperationalQueries operational;

    UserStateCounts(Pool modern) {
        this.modern = modern;
        this.operational = new OperationalQueries(modern, OperationalQueries.DEFAULT_TIMEOUT);
    }

    Future<Map<UserState, Long>> countByState() {
        return operational.query(BY_STATE, Tuple.tuple()).map(rows -> {
            Map<UserState, Long> counts = new EnumMap<>(UserState.class);
            for (UserState state : UserState.values()) {
                counts.put(state, 0L);
            }
            rows.forEach(row -> counts.put(UserState.valueOf(row.getString("state")), row.getLong("users")));
            return counts;
        });
    }

    Future<CleanedBacklog> cleanedBacklog() {
        return operational.query(CLEANED_BACKLOG, Tuple.tuple()).map(rows -> {
            Row row = rows.iterator().next();
            return new CleanedBacklog(row.getLong("users"), row.getDouble("oldest"));
        });
    }

    Future<Void> eachKeyNotIn(Set<UserState> states, Consumer<String> each) {
        String[] names = states.stream().map(UserState::name).toArray(String[]::new);
        return modern.withTransaction(connection -> connection.prepare(KEYS_NOT_IN)
                .compose(statement -> readAll(statement.cursor(Tuple.of((Object) names)), each)));
    }

    private static Future<Void> readAll(Cursor cursor, Consumer<String> each) {
        return cursor.read(KEYS_BATCH).compose(rows -> {
            for (Row row : rows) {
                each.accept(row.getString(0));
            }
            return cursor.hasMore() ? readAll(cursor, each) : cursor.close();
        });
    }

    Future<List<String>> keysIn(Set<UserState> states) {
        String[] names = states.stream().map(UserState::name).toArray(String[]::new);
        return modern.preparedQuery(KEYS_IN).execute(Tuple.of(names))
                .map(rows -> rows.stream().map(row -> row.getString("user_key")).toList());
    }
}
