package dev.strangler.migrator.legacy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A MySQL client pool that runs the plan's statements as written ({@code $n} or {@code ?}, see
 * {@link MySqlStatement}): every statement prepared through it, or through a connection it lends, is translated
 * once and remembered, and every tuple bound to it is reordered to the statement's {@code ?}. Simple queries
 * ({@code query(sql)}) pass through: they take no parameters. So the engine, which binds values by plan position,
 * runs unchanged on a MySQL or MariaDB legacy.
 */
final class TranslatingPool implements Pool {

    private final Pool delegate;
    private final Map<String, MySqlStatement> translated = new ConcurrentHashMap<>();

    TranslatingPool(Pool delegate) {
        this.delegate = delegate;
    }

    MySqlStatement translate(String planSql) {
        return translated.computeIfAbsent(planSql, MySqlStatement::of);
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return delegate.getConnection().map(connection -> new TranslatingConnection(connection, this));
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return delegate.query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        MySqlStatement statement = translate(sql);
        return new TranslatingQuery<>(delegate.preparedQuery(statement.sql()), statement);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, io.vertx.sqlclient.PrepareOptions options) {
        MySqlStatement statement = translate(sql);
        return new TranslatingQuery<>(delegate.preparedQuery(statement.sql(), options), statement);
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }

    @Override
    public String toString() {
        return "MySQL pool translating plan placeholders (" + delegate + ")";
    }
}
