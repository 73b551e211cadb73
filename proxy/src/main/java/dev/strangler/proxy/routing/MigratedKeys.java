package dev.strangler.proxy.routing;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * This instance's answer to "is this user certainly not migrated?" without the state database, for when a user's
 * state cannot be read (SPEC §3.4, unknown state). It holds a {@link FingerprintSet} of every user whose state is
 * not legacy-safe (migrated, being rolled back, or anything but {@code PENDING}, {@code INVALID}, {@code FAILED} and
 * {@code ROLLED_BACK}), loaded from the state database after the change stream (re)connects, grown by what the
 * stream and this instance's own attempts tell, never shrunk until the next load. A user whose attempt is running
 * on this instance counts as maybe migrated too, and so does one whose attempt ended without a known result.
 *
 * <p>The answer "certainly not" is only given while the set is current: loaded since the change stream last
 * connected, and the stream not lost since. Otherwise every user may be migrated, as far as this instance knows.
 */
public final class MigratedKeys {

    /** States whose data is on legacy: a user in one of them may be served by legacy. */
    private static final Set<UserState> LEGACY_SAFE = EnumSet.of(UserState.PENDING, UserState.INVALID,
            UserState.FAILED, UserState.ROLLED_BACK);

    /** Lists every user key whose state is not legacy-safe, each to {@code each}, then completes. */
    public interface Source {
        Future<Void> load(Consumer<String> each);
    }

    private FingerprintSet keys = new FingerprintSet();
    private FingerprintSet loading;
    private boolean current;
    private boolean fenced;
    private boolean leased;
    private long trustedUntil;
    private long generation;
    private final Map<String, Integer> attempting = new HashMap<>();

    /** True when a user in {@code state} has their data on legacy; false for a state unknown to this build. */
    public static boolean legacySafe(UserState state) {
        return LEGACY_SAFE.contains(state);
    }

    /** False only for a migration's outcomes that certainly left the user's data on legacy alone. */
    static boolean mayHaveMigrated(MigrationEngine.Outcome outcome) {
        return !(outcome instanceof MigrationEngine.Outcome.Invalid)
                && !(outcome instanceof MigrationEngine.Outcome.NotAttempted notAttempted
                && legacySafe(notAttempted.state()));
    }

    /** True only when this instance knows the user is not migrated (nor being migrated, nor rolled back yet). */
    public synchronized boolean certainlyNotMigrated(String userKey) {
        return current() && !attempting.containsKey(userKey) && !keys.mightContain(userKey);
    }

    /**
     * This instance can no longer be counted on to hear of changes (its fleet lease was not renewed in time, or its
     * row is gone): while fenced, nothing remembered is trusted ({@link #current()} is false), so nobody is sent to
     * legacy without a fresh state read. Lifted once it has registered and resynced again.
     */
    public synchronized void fenced(boolean fence) {
        fenced = fence;
    }

    /** Whether this instance is fenced out of the fleet now (by its fleet membership or its lease running out). */
    public synchronized boolean fenced() {
        return fenced || leased && System.nanoTime() - trustedUntil >= 0;
    }

    /**
     * Nothing remembered is trusted from {@code nanoTime} on ({@link System#nanoTime}), checked at each decision: the
     * fleet lease's local deadline, a margin before the database could count this instance out.
     */
    public synchronized void trustedUntil(long nanoTime) {
        leased = true;
        trustedUntil = nanoTime;
    }

    /** What a state read or a notification taught: a state that is not legacy-safe (or null: unknown) adds the user. */
    public void learnt(String userKey, UserState state) {
        if (state == null || !legacySafe(state)) {
            add(userKey);
        }
    }

    /** A migration attempt of the user starts on this instance. */
    public synchronized void attemptStarting(String userKey) {
        attempting.merge(userKey, 1, Integer::sum);
    }

    /** The attempt ended; unless it certainly wrote nothing to modern, the user is kept as maybe migrated. */
    public synchronized void attemptEnded(String userKey, boolean mayHaveMigrated) {
        if (mayHaveMigrated) {
            add(userKey);
        }
        attempting.computeIfPresent(userKey, (key, count) -> count == 1 ? null : count - 1);
    }

    /** Whether a request on this instance is migrating the user now. */
    public synchronized boolean attempting(String userKey) {
        return attempting.containsKey(userKey);
    }

    /** The change stream was lost: changes may be missed from now on, so nobody is certainly not migrated. */
    public synchronized void stale() {
        current = false;
        generation++;
        loading = null;
    }

    /** Whether the set answers "certainly not" now. */
    public synchronized boolean current() {
        return current && !fenced();
    }

    /** Distinct fingerprints held, for the admin status. */
    public synchronized int size() {
        return keys.size();
    }

    /**
     * Loads the set again from {@code source}, to be called once the change stream listens: keys learnt while it
     * loads are kept, and the set becomes current when the load succeeds, unless the stream was lost meanwhile.
     */
    public Future<Void> reload(Source source) {
        FingerprintSet fresh;
        long started;
        synchronized (this) {
            current = false;
            started = ++generation;
            fresh = new FingerprintSet(keys.size());
            loading = fresh;
        }
        return source.load(key -> {
            synchronized (this) {
                fresh.add(key);
            }
        }).andThen(done -> {
            synchronized (this) {
                if (generation == started) {
                    loading = null;
                    if (done.succeeded()) {
                        keys = fresh;
                        current = true;
                    }
                }
            }
        });
    }

    private synchronized void add(String userKey) {
        keys.add(userKey);
        if (loading != null) {
            loading.add(userKey);
        }
    }
}
