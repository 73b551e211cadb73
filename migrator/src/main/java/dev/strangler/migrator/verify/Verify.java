package dev.strangler.migrator.verify;

import dev.strangler.migrator.UserStateStore;
import dev.strangler.migrator.Verification;
import dev.strangler.migrator.batch.Batch;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link Verification} over many users: picks the users (one, every migrated user, or a sample of them) and
 * verifies them four at a time with the engine's check of one user.
 */
public final class Verify implements Verification {

    private static final int CONCURRENCY = 4;

    private final UserStateStore states;
    private final Function<String, Future<UserVerification>> oneUser;

    public Verify(UserStateStore states, Function<String, Future<UserVerification>> oneUser) {
        this.states = states;
        this.oneUser = oneUser;
    }

    @Override
    public Future<UserVerification> verify(String userKey) {
        return oneUser.apply(userKey);
    }

    @Override
    public Future<VerifyReport> run(String userKey, int sample, Random random) {
        Future<List<String>> keys = userKey != null ? Future.succeededFuture(List.of(userKey))
                : states.keysIn(Set.of(UserState.MIGRATED)).map(all -> {
                    if (sample <= 0 || sample >= all.size()) {
                        return all;
                    }
                    List<String> shuffled = new ArrayList<>(all);
                    Collections.shuffle(shuffled, random);
                    return shuffled.subList(0, sample).stream().sorted().toList();
                });
        return keys.compose(list -> Batch.run(list, CONCURRENCY, oneUser, progress -> {
        }, Clock.systemUTC())).map(VerifyReport::new);
    }
}
