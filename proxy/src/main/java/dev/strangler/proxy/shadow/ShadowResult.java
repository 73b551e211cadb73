package dev.strangler.proxy.shadow;

import java.util.Locale;

/** How one sampled request's comparison ended: the {@code result} label of {@code strangler_shadow_comparisons_total}. */
enum ShadowResult {
    /** Both answers agreed, apart from ignored fields and noise. */
    MATCH,
    /** At least one field differed. */
    MISMATCH,
    /** The shadow side failed or took longer than the route's {@code compare.timeout}. */
    ERROR,
    /** Not compared: every shadow slot was busy, the primary failed, or the user is not served by both systems. */
    SKIPPED;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
