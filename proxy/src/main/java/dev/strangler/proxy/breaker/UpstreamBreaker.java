package dev.strangler.proxy.breaker;

import dev.strangler.config.EjectionConfig;
import dev.strangler.rules.Upstream;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One upstream's outlier detection on a resilience4j circuit breaker. Without {@code successRate} the breaker's
 * count window is {@code consecutiveFailures} requests long and trips at 100% failures, which is exactly that many
 * failures in a row; with it, the window is {@code window} requests tripping under the success rate, and failures in
 * a row are counted here and trip it too. The open state lasts {@code interval}, doubling (up to
 * {@code maxInterval}) each time a probe fails; once over, {@code probes} requests go through and decide.
 */
final class UpstreamBreaker {

    private final Upstream upstream;
    private final EjectionConfig config;
    private final CircuitBreaker breaker;
    private final IntervalFunction waits;
    private final Clock clock;
    private final AtomicInteger inARow = new AtomicInteger();
    private volatile long ejectedUntil;
    private int openings;

    UpstreamBreaker(Upstream upstream, EjectionConfig config, Clock clock, Consumer<Transition> transitions) {
        this.upstream = upstream;
        this.config = config;
        this.clock = clock;
        this.waits = IntervalFunction.ofExponentialBackoff(config.interval(), 2.0, config.maxInterval());
        int window = config.hasSuccessRate() ? config.window() : config.consecutiveFailures();
        float threshold = config.hasSuccessRate() ? 100f - config.successRate() : 100f;
        this.breaker = CircuitBreaker.of("upstream-" + upstream.id(), CircuitBreakerConfig.custom()
                .slidingWindow(window, window, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(Math.max(threshold, 1f))
                .waitIntervalFunctionInOpenState(waits)
                .permittedNumberOfCallsInHalfOpenState(config.probes())
                .maxWaitDurationInHalfOpenState(config.interval())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .recordException(failure -> failure instanceof UpstreamFailed)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            synchronized (this) {
                if (to == CircuitBreaker.State.OPEN) {
                    openings++;
                    ejectedUntil = clock.millis() + waits.apply(openings);
                } else if (to == CircuitBreaker.State.CLOSED) {
                    openings = 0;
                }
            }
            transitions.accept(new Transition(upstream.id(), name(event.getStateTransition().getFromState()),
                    name(to), clock.instant()));
        });
    }

    /** Takes a permit for one request: false while ejected, or while every probe of a half-open breaker is out. */
    boolean tryAcquire() {
        return breaker.tryAcquirePermission();
    }

    /** Records how a request that took a permit ended. */
    void record(int status, long nanos) {
        if (status >= 500) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new UpstreamFailed(status));
            if (config.hasSuccessRate() && inARow.incrementAndGet() >= config.consecutiveFailures()
                    && breaker.getState() == CircuitBreaker.State.CLOSED) {
                inARow.set(0);
                breaker.transitionToOpenState();
            }
        } else {
            inARow.set(0);
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** True while the open state's interval runs; after it, the next request probes. */
    boolean ejected() {
        CircuitBreaker.State state = breaker.getState();
        return (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN)
                && clock.millis() < ejectedUntil;
    }

    /** How long a refused request should wait: the rest of the interval, at least a second. */
    Duration retryAfter() {
        return Duration.ofMillis(Math.max(1000, ejectedUntil - clock.millis()));
    }

    String state() {
        return name(breaker.getState());
    }

    Upstream upstream() {
        return upstream;
    }

    private static String name(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return upstream.id() + ": " + config;
    }
}
