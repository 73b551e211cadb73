package dev.strangler.migrator.engine;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parameter types PostgreSQL infers for each statement of the plan on one database, asked once per statement
 * and remembered, so values can be coerced before binding ({@link ParameterCoercion}). The server is asked with
 * {@code PREPARE} and {@code pg_prepared_statements}, which also proves the statement is valid against the real
 * schema: {@code strangler check} uses that. A failed probe is forgotten, so an unreachable database is asked again
 * next time.
 */
final class StatementTypes {

    private final Pool database;
    private final Map<String, Future<List<String>>> known = new ConcurrentHashMap<>();

    StatementTypes(Pool database) {
        this.database = database;
    }

    /** The statement's parameter types, {@code $1} first, as PostgreSQL names them. */
    Future<List<String>> of(String sql) {
        Future<List<String>> types = known.computeIfAbsent(sql, this::probe);
        types.onFailure(error -> known.remove(sql, types));
        return types;
    }

    private Future<List<String>> probe(String sql) {
        String statement = sql.strip();
        while (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        String probe = "PREPARE strangler_probe AS " + statement + ";\n"
                + "SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = 'strangler_probe';\n"
                + "DEALLOCATE strangler_probe";
        return database.withConnection(connection -> connection.query(probe).execute())
                .map(results -> {
                    Row row = results.next().iterator().next();
                    String[] names = row.getArrayOfStrings("types");
                    return names == null ? List.<String>of() : Arrays.asList(names);
                });
    }
}
