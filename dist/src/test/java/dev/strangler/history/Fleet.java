package dev.strangler.history;

import dev.strangler.deploy.ProxyProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The proxy replicas, each a {@code strangler run} JVM of its own on one configuration: clients and the nemesis pick
 * among the live ones; a killed replica's slot is empty until it is started again (on new ports, as a rescheduled
 * pod gets a new address).
 */
final class Fleet implements AutoCloseable {

    private final Path config;
    private final Map<String, String> environment;
    private final AtomicReferenceArray<ProxyProcess> slots;

    Fleet(Path config, Map<String, String> environment, int replicas) throws Exception {
        this.config = config;
        this.environment = environment;
        this.slots = new AtomicReferenceArray<>(replicas);
        for (int i = 0; i < replicas; i++) {
            slots.set(i, ProxyProcess.start(config, environment));
        }
    }

    /** The replicas serving now. */
    List<ProxyProcess> live() {
        List<ProxyProcess> live = new ArrayList<>();
        for (int i = 0; i < slots.length(); i++) {
            ProxyProcess replica = slots.get(i);
            if (replica != null && replica.isAlive()) {
                live.add(replica);
            }
        }
        return live;
    }

    /** A live replica chosen by {@code random}, or empty while none serves. */
    Optional<ProxyProcess> any(Random random) {
        List<ProxyProcess> live = live();
        return live.isEmpty() ? Optional.empty() : Optional.of(live.get(random.nextInt(live.size())));
    }

    int size() {
        return slots.length();
    }

    /** SIGKILL for the replica in {@code slot}; false when the slot was already empty. */
    boolean kill(int slot) throws InterruptedException {
        ProxyProcess replica = slots.getAndSet(slot, null);
        if (replica == null) {
            return false;
        }
        replica.kill();
        return true;
    }

    /** Starts a replica in {@code slot} if it is empty. */
    synchronized void start(int slot) throws Exception {
        if (slots.get(slot) == null) {
            slots.set(slot, ProxyProcess.start(config, environment));
        }
    }

    /** Every empty slot started again: the fleet healed before the final checks. */
    synchronized void heal() throws Exception {
        for (int i = 0; i < slots.length(); i++) {
            ProxyProcess replica = slots.get(i);
            if (replica != null && !replica.isAlive()) {
                slots.set(i, null);
            }
            start(i);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < slots.length(); i++) {
            ProxyProcess replica = slots.getAndSet(i, null);
            if (replica != null) {
                replica.close();
            }
        }
    }
}
