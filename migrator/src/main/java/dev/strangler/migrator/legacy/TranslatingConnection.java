package dev.strangler.migrator.legacy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.spi.DatabaseMetadata;

/** A connection lent by {@link TranslatingPool}: statements are translated, everything else is the connection's. */
final class TranslatingConnection implements SqlConnection {

    private final SqlConnection delegate;
    private final TranslatingPool pool;

    TranslatingConnection(SqlConnection delegate, TranslatingPool pool) {
        this.delegate = delegate;
        this.pool = pool;
    }

    @Override
    public Future<PreparedStatement> prepare(String sql) {
        MySqlStatement statement = pool.translate(sql);
        return delegate.prepare(statement.sql()).map(prepared -> new TranslatingStatement(prepared, statement));
    }

    @Override
    public Future<PreparedStatement> prepare(String sql, PrepareOptions options) {
        MySqlStatement statement = pool.translate(sql);
        return delegate.prepare(statement.sql(), options)
                .map(prepared -> new TranslatingStatement(prepared, statement));
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return delegate.query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        MySqlStatement statement = pool.translate(sql);
        return new TranslatingQuery<>(delegate.preparedQuery(statement.sql()), statement);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        MySqlStatement statement = pool.translate(sql);
        return new TranslatingQuery<>(delegate.preparedQuery(statement.sql(), options), statement);
    }

    @Override
    public SqlConnection exceptionHandler(Handler<Throwable> handler) {
        delegate.exceptionHandler(handler);
        return this;
    }

    @Override
    public SqlConnection closeHandler(Handler<Void> handler) {
        delegate.closeHandler(handler);
        return this;
    }

    @Override
    public Future<Transaction> begin() {
        return delegate.begin();
    }

    @Override
    public Transaction transaction() {
        return delegate.transaction();
    }

    @Override
    public boolean isSSL() {
        return delegate.isSSL();
    }

    @Override
    public DatabaseMetadata databaseMetadata() {
        return delegate.databaseMetadata();
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }
}
