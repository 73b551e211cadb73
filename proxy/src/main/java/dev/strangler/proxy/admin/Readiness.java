package dev.strangler.proxy.admin;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this instance should receive traffic: only once the data plane listens with a loaded configuration,
 * while both databases answer (as last probed), and never again once a shutdown began, so a load balancer stops
 * sending requests before the listener closes and while this instance could not migrate anyone.
 */
public final class Readiness {

    private final AtomicBoolean listening = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean databasesAnswer = new AtomicBoolean(true);

    public boolean isReady() {
        return listening.get() && !draining.get() && databasesAnswer.get();
    }

    public boolean databasesAnswer() {
        return databasesAnswer.get();
    }

    public void ready() {
        listening.set(true);
    }

    public void draining() {
        draining.set(true);
    }

    /** The last probe's answer: both databases reachable or not. */
    public void databases(boolean answer) {
        databasesAnswer.set(answer);
    }
}
