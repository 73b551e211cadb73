package dev.strangler.migrator.legacy;

import io.vertx.core.Future;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

/** A prepared query of a translated statement: each tuple of plan values is bound as the statement's {@code ?}. */
final class TranslatingQuery<T> implements PreparedQuery<T> {

    private final PreparedQuery<T> delegate;
    private final MySqlStatement statement;

    TranslatingQuery(PreparedQuery<T> delegate, MySqlStatement statement) {
        this.delegate = delegate;
        this.statement = statement;
    }

    @Override
    public Future<T> execute(Tuple tuple) {
        Tuple bound;
        try {
            bound = statement.bind(tuple);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return delegate.execute(bound);
    }

    @Override
    public Future<T> executeBatch(List<Tuple> batch) {
        try {
            return delegate.executeBatch(batch.stream().map(statement::bind).toList());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<T> execute() {
        return statement.parameters().isEmpty() ? delegate.execute() : execute(Tuple.tuple());
    }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
        return new TranslatingQuery<>(delegate.collecting(collector), statement);
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
        return new TranslatingQuery<>(delegate.mapping(mapper), statement);
    }
}
