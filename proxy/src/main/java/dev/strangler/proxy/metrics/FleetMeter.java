package dev.strangler.proxy.metrics;

import dev.strangler.migrator.Fleet;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/**
 * The fleet and its barriers as Prometheus metrics: {@code strangler_fleet_live_instances} (as this instance last
 * read them), {@code strangler_fleet_fenced} (1 while this instance is fenced out), this process's barriers
 * ({@code strangler_barriers_passed_total}, {@code strangler_barriers_timed_out_total},
 * {@code strangler_barrier_last_wait_seconds}) and {@code strangler_barrier_drains_expired_total}, barrier tokens
 * this instance recorded although requests decided before them were still running.
 */
public final class FleetMeter {

    private FleetMeter() {
    }

    public static void register(MeterRegistry registry, Fleet fleet, LongSupplier liveInstances,
                                LongSupplier fenced, LongSupplier drainsExpired) {
        Gauge.builder("strangler.fleet.live.instances", liveInstances::getAsLong)
                .description("Proxy instances whose fleet lease has not passed, as last read").register(registry);
        Gauge.builder("strangler.fleet.fenced", fenced::getAsLong)
                .description("1 while this instance is fenced out of the fleet (nothing remembered is trusted)")
                .register(registry);
        FunctionCounter.builder("strangler.barriers.passed", fleet, f -> f.stats().passed())
                .description("Barriers the whole fleet heard in time").register(registry);
        FunctionCounter.builder("strangler.barriers.timed.out", fleet, f -> f.stats().timedOut())
                .description("Barriers whose deadline passed before every live instance heard them")
                .register(registry);
        Gauge.builder("strangler.barrier.last.wait", fleet, f -> f.stats().lastWait().toNanos() / 1e9)
                .description("How long the last barrier of this process waited").baseUnit("seconds")
                .register(registry);
        FunctionCounter.builder("strangler.barrier.drains.expired", drainsExpired, LongSupplier::getAsLong)
                .description("Barrier tokens recorded although requests decided before them were still running")
                .register(registry);
    }
}
