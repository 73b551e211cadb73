package dev.strangler.migrator;

import java.util.Arrays;

/**
 * What proxies measured of one cohort's requests and migrations over some time: per upstream, requests, 5xx
 * answers and a latency histogram; request-triggered migrations and those that ended INVALID, FAILED or TIMEOUT.
 * One instance's flush is one; {@link #plus} sums them over the fleet and an interval.
 *
 * <p>The histogram's buckets grow by 10% from 0.5 ms to about two minutes ({@link #BUCKETS} of them, the last open),
 * so a p99 read from it is at most 10% above the true one, and two p99s compare to within that.
 */
public record RampCounts(long legacyRequests, long legacyErrors, long modernRequests, long modernErrors,
                         long[] legacyLatency, long[] modernLatency, long migrations, long migrationFailures) {

    /** How many latency buckets there are. */
    public static final int BUCKETS = 131;
    private static final double FIRST_BOUND_MILLIS = 0.5;
    private static final double GROWTH = 1.1;

    public static final RampCounts NONE = new RampCounts(0, 0, 0, 0, new long[BUCKETS], new long[BUCKETS], 0, 0);

    public RampCounts {
        if (legacyLatency.length != BUCKETS || modernLatency.length != BUCKETS) {
            throw new IllegalArgumentException("latency histograms: " + legacyLatency.length + " and "
                    + modernLatency.length + " buckets (expected: " + BUCKETS + ")");
        }
        legacyLatency = legacyLatency.clone();
        modernLatency = modernLatency.clone();
    }

    /** The bucket a duration falls in. */
    public static int bucketOf(long nanos) {
        double millis = nanos / 1_000_000.0;
        if (millis <= FIRST_BOUND_MILLIS) {
            return 0;
        }
        int bucket = (int) Math.ceil(Math.log(millis / FIRST_BOUND_MILLIS) / Math.log(GROWTH));
        return Math.min(bucket, BUCKETS - 1);
    }

    /** The upper bound of a bucket in milliseconds (the last one's lower bound, since it is open). */
    public static double upperBoundMillis(int bucket) {
        return FIRST_BOUND_MILLIS * Math.pow(GROWTH, Math.min(bucket, BUCKETS - 2));
    }

    /** These counts and {@code other}'s together. */
    public RampCounts plus(RampCounts other) {
        long[] legacy = legacyLatency.clone();
        long[] modern = modernLatency.clone();
        for (int i = 0; i < BUCKETS; i++) {
            legacy[i] += other.legacyLatency[i];
            modern[i] += other.modernLatency[i];
        }
        return new RampCounts(legacyRequests + other.legacyRequests, legacyErrors + other.legacyErrors,
                modernRequests + other.modernRequests, modernErrors + other.modernErrors, legacy, modern,
                migrations + other.migrations, migrationFailures + other.migrationFailures);
    }

    /** Legacy's p99 latency in milliseconds, or NaN without requests. */
    public double legacyP99Millis() {
        return p99(legacyLatency);
    }

    /** Modern's p99 latency in milliseconds, or NaN without requests. */
    public double modernP99Millis() {
        return p99(modernLatency);
    }

    public boolean isEmpty() {
        return legacyRequests == 0 && modernRequests == 0 && migrations == 0;
    }

    private static double p99(long[] histogram) {
        long total = Arrays.stream(histogram).sum();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(total * 0.99);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return upperBoundMillis(i);
            }
        }
        return upperBoundMillis(BUCKETS - 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RampCounts that && legacyRequests == that.legacyRequests
                && legacyErrors == that.legacyErrors && modernRequests == that.modernRequests
                && modernErrors == that.modernErrors && migrations == that.migrations
                && migrationFailures == that.migrationFailures && Arrays.equals(legacyLatency, that.legacyLatency)
                && Arrays.equals(modernLatency, that.modernLatency);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(legacyRequests * 31 + modernRequests) * 31 + Arrays.hashCode(modernLatency);
    }

    @Override
    public String toString() {
        return "legacy " + legacyErrors + "/" + legacyRequests + " 5xx, modern " + modernErrors + "/" + modernRequests
                + " 5xx, migrations " + migrationFailures + "/" + migrations + " failed";
    }
}
