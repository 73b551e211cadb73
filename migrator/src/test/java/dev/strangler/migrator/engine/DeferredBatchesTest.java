package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deferred marks' timer hands the marks that fall due together to the batch writer as one batch ({@link
 * BatchMarker#markHeard}), at most 128 at a time, instead of one user's mark after another. A recording writer
 * stands in for the batch writer; no database is involved.
 */
class DeferredBatchesTest {

    private Vertx vertx;
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        await(vertx.close());
    }

    @Test
    void marksDueTogether_areWrittenAsOneBatch() {
        DeferredMarks marks = deferred(Duration.ofMillis(50));
        List<String> keys = keys(30);

        await(marks.committed(keys));
        await(marks.settled());

        assertThat(batches).containsExactly(keys);
        marks.close();
    }

    @Test
    void moreThanABatch_isWrittenInBatchesOfAtMost128_inTheOrderTheyFellDue() {
        DeferredMarks marks = deferred(Duration.ofMillis(50));
        List<String> keys = keys(300);

        await(marks.committed(keys));
        await(marks.settled());

        assertThat(batches).extracting(List::size).containsExactly(128, 128, 44);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(keys);
        marks.close();
    }

    @Test
    void withoutADelay_theMarksAreWrittenAtOnceAsOneBatch() {
        DeferredMarks marks = deferred(Duration.ZERO);
        List<String> keys = keys(5);

        await(marks.committed(keys));

        assertThat(batches).containsExactly(keys);
        marks.close();
    }

    private DeferredMarks deferred(Duration delay) {
        return new DeferredMarks(vertx, delay, null, keys -> {
            batches.add(List.copyOf(keys));
            return Future.succeededFuture(keys.size());
        });
    }

    private static List<String> keys(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("U%04d", i)).toList();
    }
}
