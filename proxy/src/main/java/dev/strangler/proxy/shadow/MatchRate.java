package dev.strangler.proxy.shadow;

import java.util.OptionalDouble;

/**
 * Shadow comparisons counted over a window.
 *
 * @param matches    answers that agreed (noise aside)
 * @param mismatches answers that differed in at least one field not ignored and not noise
 * @param errors     shadow requests that failed or timed out
 * @param skipped    sampled requests not compared (all shadow slots busy, primary failed, user not servable by both)
 */
public record MatchRate(long matches, long mismatches, long errors, long skipped) {

    public static final MatchRate NONE = new MatchRate(0, 0, 0, 0);

    /** Matches over matches and mismatches, 0..1; empty when nothing was compared. */
    public OptionalDouble rate() {
        long compared = matches + mismatches;
        return compared == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) matches / compared);
    }

    MatchRate plus(MatchRate other) {
        return new MatchRate(matches + other.matches, mismatches + other.mismatches, errors + other.errors,
                skipped + other.skipped);
    }
}
