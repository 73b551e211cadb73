package dev.strangler.proxy.control;

import dev.strangler.proxy.routing.MigratedKeys;
import dev.strangler.proxy.routing.UserFactsCache;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What this instance remembers of users, which the {@link ControlChannel} keeps true: the cached facts of each user
 * ({@link UserFactsCache}) and who is certainly not migrated ({@link MigratedKeys}, loaded from {@code source}). A
 * user's notification makes them forgotten; a (re)connection of the listener, after which changes may have been
 * missed, forgets everyone and reloads the keys; the loss of the listener makes the keys stale at once.
 */
public final class KnownUsers {

    private static final Logger LOG = Logger.getLogger(KnownUsers.class.getName());
    private static final long RETRY_MILLIS = 1_000;

    private final Vertx vertx;
    private final UserFactsCache facts;
    private final MigratedKeys keys;
    private final MigratedKeys.Source source;

    public KnownUsers(Vertx vertx, UserFactsCache facts, MigratedKeys keys, MigratedKeys.Source source) {
        this.vertx = vertx;
        this.facts = facts;
        this.keys = keys;
        this.source = source;
    }

    /** The user changed on another instance or in the database: forget them and read them again when asked. */
    void changed(String userKey) {
        facts.changedElsewhere(userKey);
    }

    /**
     * Changes may have been missed: forgets every user and reloads the migrated keys, retrying a failed load for as
     * long as {@code listening} holds and the keys are not current.
     */
    void forgetAll(BooleanSupplier listening) {
        facts.invalidateAll();
        reloadKeys(listening);
    }

    /** Changes may be missed from now on: nobody counts as certainly not migrated until the next reload. */
    void stale() {
        keys.stale();
    }

    private void reloadKeys(BooleanSupplier listening) {
        keys.reload(source).onFailure(error -> {
            LOG.log(Level.WARNING, "control channel: cannot load " + source + ", retrying: " + error.getMessage());
            if (listening.getAsBoolean()) {
                vertx.setTimer(RETRY_MILLIS, id -> {
                    if (listening.getAsBoolean() && !keys.current()) {
                        reloadKeys(listening);
                    }
                });
            }
        });
    }
}
