package dev.strangler.migrator;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: a rollback under load failed with {@code NoStackTraceThrowable: Timeout} alone; a failure now says
 * what timed out (a connection from which pool, a lock, a statement) and what to do.
 */
@ExtendWith(PostgresExtension.class)
class FailureTextTest {

    @Test
    void describe_poolWaitTimeout_namesThePoolAndTheStep(@Postgres("timeouts") TestDatabase database) {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setConnectionTimeout(200)
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)).connectingTo(database.uri()).using(vertx).build();
        try {
            SqlConnection held = await(pool.getConnection());
            Throwable unlabelled = failure(pool.withConnection(connection -> connection.query("SELECT 1").execute()));
            Throwable labelled = failure(FailureText.waitingFor("legacy", "writing the user's rows back",
                    pool.withConnection(connection -> connection.query("SELECT 1").execute())));
            await(held.close());

            assertThat(unlabelled.getMessage()).isEqualTo("Timeout");
            assertThat(FailureText.describe(unlabelled)).startsWith("timed out waiting for a free database connection")
                    .contains("Retry when the load is lower");
            assertThat(FailureText.describe(labelled)).startsWith("timed out waiting for a connection from the legacy"
                    + " database pool while writing the user's rows back: ");
        } finally {
            pool.close();
            await(vertx.close());
        }
    }

    @Test
    void describe_lockTimeout_saysALockWasBusy(@Postgres("timeouts") TestDatabase database) {
        database.execute("CREATE TABLE IF NOT EXISTS busy (id integer)");
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(database.uri()).using(vertx)
                .build();
        try {
            SqlConnection holder = await(pool.getConnection());
            await(holder.query("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE").execute());
            Throwable waited = failure(pool.withConnection(connection -> connection
                    .query("SET lock_timeout = '100ms'; SELECT * FROM busy").execute()));
            await(holder.query("ROLLBACK").execute());
            await(holder.close());

            assertThat(FailureText.describe(waited)).startsWith("gave up waiting for a lock another transaction holds")
                    .contains("lock timeout");
        } finally {
            pool.close();
            await(vertx.close());
        }
    }

    private static Throwable failure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }
}
