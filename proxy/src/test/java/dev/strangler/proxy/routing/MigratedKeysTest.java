package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigratedKeysTest {

    private final MigratedKeys keys = new MigratedKeys();

    @Test
    void beforeTheFirstLoad_nobodyIsCertainlyNotMigrated() {
        assertThat(keys.certainlyNotMigrated("BONAP")).isFalse();
    }

    @Test
    void afterALoad_onlyKeysNotListedAreCertainlyNotMigrated() {
        keys.reload(source("ALFKI", "ROLL1")).await();

        assertThat(keys.certainlyNotMigrated("BONAP")).isTrue();
        assertThat(keys.certainlyNotMigrated("ALFKI")).isFalse();
        assertThat(keys.certainlyNotMigrated("ROLL1")).isFalse();
    }

    @Test
    void lostChangeStream_makesEveryoneMaybeMigrated_untilLoadedAgain() {
        keys.reload(source("ALFKI")).await();

        keys.stale();
        assertThat(keys.certainlyNotMigrated("BONAP")).isFalse();

        keys.reload(source("ALFKI")).await();
        assertThat(keys.certainlyNotMigrated("BONAP")).isTrue();
    }

    @Test
    void streamLostWhileLoading_leavesTheSetNotCurrent() {
        Promise<Void> slow = Promise.promise();
        keys.reload(each -> slow.future());
        keys.stale();
        slow.complete();

        assertThat(keys.certainlyNotMigrated("BONAP")).isFalse();
    }

    @Test
    void keysLearntWhileLoading_surviveTheLoad() {
        Promise<Void> slow = Promise.promise();
        Future<Void> loaded = keys.reload(each -> {
            each.accept("ALFKI");
            return slow.future();
        });
        keys.learnt("NEWLY", UserState.MIGRATED);
        slow.complete();
        loaded.await();

        assertThat(keys.certainlyNotMigrated("NEWLY")).isFalse();
        assertThat(keys.certainlyNotMigrated("ALFKI")).isFalse();
    }

    @Test
    void legacySafeStates_addNobody_otherStatesAndUnknownOnesDo() {
        keys.reload(source()).await();

        keys.learnt("PEND1", UserState.PENDING);
        keys.learnt("FAIL1", UserState.FAILED);
        keys.learnt("BACK1", UserState.ROLLED_BACK);
        keys.learnt("MIGR1", UserState.MIGRATED);
        keys.learnt("UNRD1", null);

        assertThat(List.of("PEND1", "FAIL1", "BACK1")).allMatch(keys::certainlyNotMigrated);
        assertThat(List.of("MIGR1", "UNRD1")).noneMatch(keys::certainlyNotMigrated);
    }

    @Test
    void userBeingAttempted_mayBeMigrated_untilTheAttemptEndsWithoutWriting() {
        keys.reload(source()).await();

        keys.attemptStarting("SLOW1");
        assertThat(keys.certainlyNotMigrated("SLOW1")).isFalse();
        keys.attemptEnded("SLOW1", false);
        assertThat(keys.certainlyNotMigrated("SLOW1")).isTrue();

        keys.attemptStarting("SLOW2");
        keys.attemptEnded("SLOW2", true);
        assertThat(keys.certainlyNotMigrated("SLOW2")).isFalse();
    }

    private static MigratedKeys.Source source(String... listed) {
        return each -> {
            for (String key : listed) {
                each.accept(key);
            }
            return Future.succeededFuture();
        };
    }
}
