package dev.strangler.migrator.batch;

import dev.strangler.migrator.Reports.BatchProgress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one asynchronous step per user over a list of users with at most {@code concurrency} in flight, reporting
 * progress after each, and collects the results in the list's order. A step that fails stops nothing: the engine's
 * steps never fail, and anything else is the caller's to turn into a value.
 */
public final class Batch {

    private Batch() {
    }

    public static <T> Future<List<T>> run(List<String> keys, int concurrency, Function<String, Future<T>> step,
                                          Consumer<BatchProgress> progress, Clock clock) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: 1 or more)");
        }
        List<T> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(keys.size(), null)));
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        Instant started = clock.instant();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(concurrency, Math.max(1, keys.size())); i++) {
            Promise<Void> lane = Promise.promise();
            pull(keys, step, results, next, () -> {
                long finished = done.incrementAndGet();
                progress.accept(new BatchProgress(finished, keys.size(),
                        Duration.between(started, clock.instant())));
            }, lane);
            lanes.add(lane.future());
        }
        return Future.all(lanes).map(all -> Collections.unmodifiableList(new ArrayList<>(results)));
    }

    private static <T> void pull(List<String> keys, Function<String, Future<T>> step, List<T> results,
                                 AtomicInteger next, Runnable finished, Promise<Void> lane) {
        int index = next.getAndIncrement();
        if (index >= keys.size()) {
            lane.complete();
            return;
        }
        step.apply(keys.get(index)).onComplete(result -> {
            if (result.succeeded()) {
                results.set(index, result.result());
            }
            finished.run();
            pull(keys, step, results, next, finished, lane);
        });
    }
}
