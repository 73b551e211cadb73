package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

/** Issue 15: a command failing on the database pool's bare {@code Timeout} says what timed out and what to do. */
class SessionAwaitTest {

    @Test
    void await_poolTimeout_saysWhatTimedOutAndWhatToDo() {
        assertThatThrownBy(() -> Session.await(Future.failedFuture("Timeout")))
                .hasMessageStartingWith("timed out waiting for a free database connection")
                .hasMessageContaining("Retry when the load is lower");
    }

    @Test
    void await_otherFailure_keepsItsMessage() {
        assertThatThrownBy(() -> Session.await(Future.failedFuture("Connection refused: /127.0.0.1:5432")))
                .hasMessage("Connection refused: /127.0.0.1:5432");
    }
}
