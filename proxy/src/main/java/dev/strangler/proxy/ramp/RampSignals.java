package dev.strangler.proxy.ramp;

import dev.strangler.proxy.breaker.UpstreamHealth;
import dev.strangler.proxy.shadow.MatchRates;
import dev.strangler.rules.Upstream;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * What a ramp reads from other parts of the proxy, as two small seams: shadow comparisons' match rate (the
 * {@code shadowMatch} gate) and whether modern's circuit breaker has ejected it (a running ramp pauses meanwhile).
 * A serving instance wires them to its own shadow comparison and breakers ({@link #of}); {@link #NONE} reads nothing
 * compared and modern never ejected.
 *
 * @param shadow the match rate of shadow comparisons over a window
 * @param health whether modern is ejected now
 */
public record RampSignals(ShadowMatchRate shadow, ModernHealth health) {

    public static final RampSignals NONE = new RampSignals((cohort, window) -> OptionalDouble.empty(), () -> false);

    /**
     * The signals of a serving instance: the match rate of the comparisons of the cohort's requests that this
     * instance made (its shadow comparison counts per minute for the last hour, so a longer window is cut to an
     * hour; null from {@code matchRates} while the comparison is not started yet reads as none), and modern's
     * ejection by this instance's breaker.
     */
    public static RampSignals of(Supplier<MatchRates> matchRates, UpstreamHealth health) {
        return new RampSignals((cohort, window) -> {
            MatchRates rates = matchRates.get();
            if (rates == null) {
                return OptionalDouble.empty();
            }
            OptionalDouble rate = rates.cohort(cohort,
                    window.compareTo(MatchRates.LONGEST) > 0 ? MatchRates.LONGEST : window).rate();
            return rate.isPresent() ? OptionalDouble.of(rate.getAsDouble() * 100) : OptionalDouble.empty();
        }, () -> health.ejected(Upstream.MODERN));
    }

    /** Shadow comparisons of a cohort's requests over a recent window. */
    @FunctionalInterface
    public interface ShadowMatchRate {
        /**
         * The percentage of the comparisons of {@code cohort}'s requests over the last {@code window} that matched;
         * empty when none ran.
         */
        OptionalDouble matchPercent(String cohort, Duration window);
    }

    /** Modern's circuit breaker, as this instance sees it. */
    @FunctionalInterface
    public interface ModernHealth {
        /** True while modern is ejected (its breaker open). */
        boolean modernEjected();
    }
}
