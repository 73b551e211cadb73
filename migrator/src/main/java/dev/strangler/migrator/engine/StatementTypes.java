package dev.strangler.migrator.engine;

import dev.strangler.migrator.legacy.LegacyDialect;
import dev.strangler.migrator.legacy.MySqlLegacy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parameter types PostgreSQL infers for each statement of the plan on one database, asked once per statement
 * and remembered, so values can be coerced before binding ({@link ParameterCoercion}). The server is asked with
 * {@code PREPARE} and {@code pg_prepared_statements}, which also proves the statement is valid against the real
 * schema: {@code strangler check} uses that. A failed probe is forgotten, so an unreachable database is asked again
 * next time. A probe runs inside the caller's transaction when it has one; the statement is deallocated at once.
 *
 * <p>A MySQL or MariaDB legacy declares no parameter types: its statements are prepared (and so checked) on the
 * server, their parameters bound as they are, and the user key bound as the type of the {@code users} query's
 * key column ({@link MySqlLegacy}).
 */
final class StatementTypes {

    private final Pool database;
    private final LegacyDialect dialect;
    private final String users;
    private final Map<String, Future<List<String>>> known = new ConcurrentHashMap<>();
    private volatile Future<String> keyType;

    /** The types of a PostgreSQL database's statements. */
    StatementTypes(Pool database) {
        this(database, LegacyDialect.POSTGRESQL, null);
    }

    /** The types of the legacy database's statements; {@code users} is the plan's query listing the user keys. */
    StatementTypes(Pool database, LegacyDialect dialect, String users) {
        this.database = database;
        this.dialect = dialect;
        this.users = users;
    }

    /** The statement's parameter types, {@code $1} first, as PostgreSQL names them; asked on a pooled connection. */
    Future<List<String>> of(String sql) {
        return of(sql, null);
    }

    /**
     * Like {@link #of(String)}, asked on the given connection when the server must be asked: a caller holding a
     * connection in a transaction must not wait for a second one, or a full pool would deadlock.
     */
    Future<List<String>> of(String sql, SqlConnection holding) {
        Future<List<String>> types = known.computeIfAbsent(sql, s -> probe(s, holding));
        types.onFailure(error -> known.remove(sql, types));
        return types;
    }

    /**
     * The user key as the statement's only parameter, {@code $1}, coerced to the type the statement declares for it
     * (an integer key for {@code WHERE id = $1} on an integer column, a uuid for a uuid column, text otherwise).
     * {@code holding} may be null, as for {@link #of(String, SqlConnection)}.
     */
    Future<Tuple> key(String sql, SqlConnection holding, String userKey) {
        if (dialect == LegacyDialect.MYSQL) {
            return keyType(holding).map(type -> Tuple.of(ParameterCoercion.coerce(type, userKey)));
        }
        return of(sql, holding).map(types -> Tuple.of(
                ParameterCoercion.coerce(types.isEmpty() ? null : types.get(0), userKey)));
    }

    private Future<String> keyType(SqlConnection holding) {
        Future<String> type = keyType;
        if (type == null) {
            type = holding != null ? MySqlLegacy.keyType(holding, users)
                    : database.withConnection(connection -> MySqlLegacy.keyType(connection, users));
            keyType = type;
            Future<String> asked = type;
            type.onFailure(error -> {
                if (keyType == asked) {
                    keyType = null;
                }
            });
        }
        return type;
    }

    private Future<List<String>> probe(String sql, SqlConnection holding) {
        if (dialect == LegacyDialect.MYSQL) {
            return holding != null ? MySqlLegacy.parameterTypes(holding, sql)
                    : database.withConnection(connection -> MySqlLegacy.parameterTypes(connection, sql));
        }
        String statement = sql.strip();
        while (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        String probe = "PREPARE strangler_probe AS " + statement + ";\n"
                + "SELECT parameter_types::text[] AS types FROM pg_prepared_statements"
                + " WHERE name = 'strangler_probe';\n"
                + "DEALLOCATE strangler_probe";
        Future<RowSet<Row>> asked = holding != null ? holding.query(probe).execute()
                : database.withConnection(connection -> connection.query(probe).execute());
        return asked.map(results -> {
                    Row row = results.next().iterator().next();
                    String[] names = row.getArrayOfStrings("types");
                    return names == null ? List.<String>of() : Arrays.asList(names);
                });
    }
}
