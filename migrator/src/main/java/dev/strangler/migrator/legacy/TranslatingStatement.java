package dev.strangler.migrator.legacy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;

/** A statement prepared on a {@link TranslatingConnection}: its cursors and queries bind plan values as {@code ?}. */
final class TranslatingStatement implements PreparedStatement {

    private final PreparedStatement delegate;
    private final MySqlStatement statement;

    TranslatingStatement(PreparedStatement delegate, MySqlStatement statement) {
        this.delegate = delegate;
        this.statement = statement;
    }

    @Override
    public PreparedQuery<RowSet<Row>> query() {
        return new TranslatingQuery<>(delegate.query(), statement);
    }

    @Override
    public Cursor cursor(Tuple tuple) {
        return delegate.cursor(statement.bind(tuple));
    }

    @Override
    public RowStream<Row> createStream(int fetch, Tuple tuple) {
        return delegate.createStream(fetch, statement.bind(tuple));
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }
}
