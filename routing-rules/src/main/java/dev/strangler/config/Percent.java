package dev.strangler.config;

import java.math.BigDecimal;

/**
 * A share of users from 0 to 100 with at most two decimals, held exactly as hundredths of a percent so that it
 * compares directly with a bucket (SPEC §3.3: in the modern share iff {@code bucket < round(percent × 100)}).
 *
 * @param basisPoints the share in hundredths of a percent, 0..10000 ({@code 12.5%} is 1250)
 */
public record Percent(int basisPoints) {

    public static final Percent ZERO = new Percent(0);
    public static final Percent ALL = new Percent(10_000);

    public Percent {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException("basisPoints: " + basisPoints + " (expected: 0..10000)");
        }
    }

    /**
     * Parses {@code 25}, {@code 12.5} or {@code 0.05}.
     *
     * @throws IllegalArgumentException like {@code 140 (expected: 0..100)} or
     *     {@code 12.345 (expected: at most two decimals)}
     */
    public static Percent parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " (expected: a number from 0 to 100)");
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException(text + " (expected: 0..100)");
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException(text + " (expected: at most two decimals)");
        }
        return new Percent(value.movePointRight(2).intValueExact());
    }

    /** Of a double such as the admin API's {@code {"percent": 12.5}}, rounded to two decimals. */
    public static Percent of(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent: " + percent + " (expected: 0..100)");
        }
        return new Percent((int) Math.round(percent * 100));
    }

    /** True when a user in this bucket (0..9999) is in the share. */
    public boolean includes(int bucket) {
        return bucket < basisPoints;
    }

    /** The share as a number of percent, for JSON and metrics. */
    public double value() {
        return basisPoints / 100.0;
    }

    /** As written in configuration: {@code 25}, {@code 12.5}, {@code 0.05}. */
    @Override
    public String toString() {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString();
    }
}
