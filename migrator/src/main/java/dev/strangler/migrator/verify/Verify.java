package dev.strangler.migrator.verify;

import dev.strangler.migrator.batch.Batch;
import dev.strangler.migrator.engine.Migrator;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code strangler verify}: verifies one user, every migrated user, or a random sample of them, each by
 * {@link Migrator#verify(String)}.
 */
public final class Verify {

    private static final int CONCURRENCY = 4;

    private Verify() {
    }

    /** Verifies the given user, or ({@code userKey} null) every migrated user, or {@code sample} of them (0: all). */
    public static Future<VerifyReport> run(Migrator migrator, String userKey, int sample, Random random) {
        Future<List<String>> keys = userKey != null ? Future.succeededFuture(List.of(userKey))
                : migrator.states().keysIn(Set.of(UserState.MIGRATED)).map(all -> {
                    if (sample <= 0 || sample >= all.size()) {
                        return all;
                    }
                    List<String> shuffled = new ArrayList<>(all);
                    Collections.shuffle(shuffled, random);
                    return shuffled.subList(0, sample).stream().sorted().toList();
                });
        return keys.compose(list -> Batch.run(list, CONCURRENCY, migrator::verify, progress -> {
        }, Clock.systemUTC())).map(VerifyReport::new);
    }
}
