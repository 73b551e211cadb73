package dev.strangler.migrator.state;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;

/**
 * When an owed cleaned mark is due ({@code strangler.user_state.cleaned_due_at}, README "In transition"). A
 * migration that no request on its instance started defers its users' marks in its own transaction: each is due the
 * mark delay after that statement by the database's clock, so the committing process's timer, every process's
 * repair ({@link UserStates#cleanedPending}, which lists only due marks) and a rollback agree on it without
 * comparing two machines' clocks. A mark owed without a due time is due at once.
 */
public final class CleanedDue {

    private static final String DEFER = """
            UPDATE strangler.user_state SET cleaned_due_at = clock_timestamp() + make_interval(secs => $2)
            WHERE user_key = ANY($1) AND cleaned_pending""";

    private static final String DUE_IN = """
            SELECT coalesce(greatest(0, extract(epoch FROM cleaned_due_at - clock_timestamp()) * 1000), 0)::int8 AS ms
            FROM strangler.user_state WHERE user_key = $1 AND cleaned_pending""";

    private final Pool modern;

    public CleanedDue(Pool modern) {
        this.modern = modern;
    }

    /** Defers the owed marks of the users just migrated, in the migration's transaction, by {@code delay}. */
    public Future<Void> defer(SqlConnection connection, List<String> userKeys, Duration delay) {
        return connection.preparedQuery(DEFER)
                .execute(Tuple.of(userKeys.toArray(String[]::new), delay.toMillis() / 1000.0)).mapEmpty();
    }

    /**
     * Defers the owed marks of users migrated earlier, on a connection of its own: a request-path mark whose
     * barrier timed out becomes due {@code delay} from now, by the database's clock.
     */
    public Future<Void> defer(List<String> userKeys, Duration delay) {
        return modern.withConnection(connection -> defer(connection, userKeys, delay));
    }

    /**
     * How long until the user's owed mark is due by the database's clock, read on {@code connection} (under the
     * user's lock when a mark follows); zero when it is due or none is owed.
     */
    public Future<Duration> dueIn(SqlConnection connection, String userKey) {
        return connection.preparedQuery(DUE_IN).execute(Tuple.of(userKey)).map(rows -> rows.size() == 0
                ? Duration.ZERO : Duration.ofMillis(rows.iterator().next().getLong("ms")));
    }

    /** How long until the user's owed mark is due (zero: due now); empty when no mark is owed. */
    public Future<java.util.Optional<Duration>> owedIn(String userKey) {
        return modern.preparedQuery(DUE_IN).execute(Tuple.of(userKey)).map(rows -> rows.size() == 0
                ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofMillis(rows.iterator().next()
                .getLong("ms"))));
    }

    /** Like {@link #dueIn(SqlConnection, String)} on a connection of its own. */
    public Future<Duration> dueIn(String userKey) {
        return modern.withConnection(connection -> dueIn(connection, userKey));
    }
}
