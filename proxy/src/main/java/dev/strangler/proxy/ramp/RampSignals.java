package dev.strangler.proxy.ramp;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * What a ramp reads from other parts of the proxy, as two small seams: shadow comparisons' match rate (the
 * {@code shadowMatch} gate) and whether modern's circuit breaker has ejected it (a running ramp pauses meanwhile).
 * {@link #NONE} is the answer while those parts are not wired: nothing compared, modern never ejected.
 *
 * @param shadow the match rate of shadow comparisons over a window
 * @param health whether modern is ejected now
 */
public record RampSignals(ShadowMatchRate shadow, ModernHealth health) {

    public static final RampSignals NONE = new RampSignals((cohort, window) -> OptionalDouble.empty(), () -> false);

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
