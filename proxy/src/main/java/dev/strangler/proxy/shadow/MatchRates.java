package dev.strangler.proxy.shadow;

import java.time.Duration;

/**
 * This instance's shadow comparison results over a recent window, for gates that decide on them (a ramp holds its
 * step while the match rate is below its threshold). Counted in memory, per minute, for the last hour; a window
 * longer than that is cut to an hour. Results of every instance together are in the state database
 * ({@code GET /admin/shadow}).
 */
public interface MatchRates {

    /** The longest window kept. */
    Duration LONGEST = Duration.ofHours(1);

    /** One route's results (by route id) over the last {@code window}; {@link MatchRate#NONE} if none. */
    MatchRate route(String route, Duration window);

    /** The results of requests whose users fell in {@code cohort}, over the last {@code window}. */
    MatchRate cohort(String cohort, Duration window);

    /** Every compared route's results together. */
    MatchRate all(Duration window);
}
