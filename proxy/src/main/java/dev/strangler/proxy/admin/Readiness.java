package dev.strangler.proxy.admin;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this instance should receive traffic: true once the data plane listens, false again as soon as a
 * shutdown begins, so a load balancer stops sending requests before the listener closes.
 */
public final class Readiness {

    private final AtomicBoolean ready = new AtomicBoolean();

    public boolean isReady() {
        return ready.get();
    }

    public void ready() {
        ready.set(true);
    }

    public void draining() {
        ready.set(false);
    }
}
