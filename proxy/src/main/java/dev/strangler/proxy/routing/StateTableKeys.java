package dev.strangler.proxy.routing;

import dev.strangler.migrator.UserStateStore;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/** Every user of the state store whose state is not legacy-safe, streamed by {@link UserStateStore#eachKeyNotIn}. */
public final class StateTableKeys implements MigratedKeys.Source {

    private final UserStateStore store;

    public StateTableKeys(UserStateStore store) {
        this.store = store;
    }

    @Override
    public Future<Void> load(Consumer<String> each) {
        Set<UserState> safe = EnumSet.noneOf(UserState.class);
        Arrays.stream(UserState.values()).filter(MigratedKeys::legacySafe).forEach(safe::add);
        return store.eachKeyNotIn(safe, each);
    }

    @Override
    public String toString() {
        return "user keys whose state is not legacy-safe, from strangler.user_state";
    }
}
