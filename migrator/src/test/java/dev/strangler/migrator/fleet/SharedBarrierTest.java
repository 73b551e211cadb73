package dev.strangler.migrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.migrator.Fleet;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Callers who ask while a barrier is under way share the next one, never the one taken before they asked. */
class SharedBarrierTest {

    private final List<Promise<Boolean>> taken = new ArrayList<>();

    @Test
    void callersWhileABarrierRuns_shareTheNextOne_takenAfterTheyAsked() {
        SharedBarrier shared = new SharedBarrier(fleet(), Duration.ofSeconds(1));
        Future<Boolean> first = shared.get();
        Future<Boolean> second = shared.get();
        Future<Boolean> third = shared.get();
        assertThat(taken).hasSize(1);

        taken.get(0).complete(true);
        assertThat(first.result()).isTrue();
        assertThat(second.isComplete()).as("asked after the first barrier was taken").isFalse();
        assertThat(taken).as("one barrier for both who waited").hasSize(2);

        taken.get(1).complete(false);
        assertThat(second.result()).isFalse();
        assertThat(third.result()).isFalse();
        assertThat(taken).hasSize(2);
    }

    private Fleet fleet() {
        return new Fleet() {
            @Override
            public Future<Boolean> barrier(Duration deadline) {
                Promise<Boolean> barrier = Promise.promise();
                taken.add(barrier);
                return barrier.future();
            }

            @Override
            public Future<Void> register(String instanceId, Duration lease) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Future<Boolean> renew(String instanceId, Duration lease) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Future<Void> heard(String instanceId, long token) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Future<Void> leave(String instanceId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Future<Void> announce() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Future<List<Instance>> live() {
                throw new UnsupportedOperationException();
            }

            @Override
            public BarrierStats stats() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
