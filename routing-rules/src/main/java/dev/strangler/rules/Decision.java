package dev.strangler.rules;

import java.util.Objects;

/**
 * Where one request goes and why: the result of {@link RoutingTable#decide}.
 *
 * @param upstream     where the request goes
 * @param migrateFirst true when the user must be migrated before the request is forwarded to modern; if that
 *                     migration does not succeed, the request goes to legacy instead
 * @param rule         the id of the route rule that matched, or null when none did
 * @param cohort       the user's cohort, or null when no cohort was consulted or none selected the user
 * @param bucket       the user's bucket (0..9999; with Unleash bucketing its normalized value, 1..100), or -1 when
 *                     not computed
 * @param reason       the step of SPEC §3.4 that decided
 * @param userKey      the user key, or null for an anonymous request or a non-rollout route
 */
public record Decision(Upstream upstream, boolean migrateFirst, String rule, String cohort, int bucket,
                       Reason reason, String userKey) {

    public Decision {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(reason, "reason");
    }

    /** Why a decision went the way it did, in the order SPEC §3.4 consults them. */
    public enum Reason {
        /** No route rule matched: legacy. */
        NO_RULE("no rule matched"),
        /** The rule sends every request to one upstream. */
        FIXED_RULE("the rule sends every request there"),
        /** A rollout path without a user key: {@code routing.anonymous}. */
        ANONYMOUS("anonymous request"),
        /** An operator's pin. */
        PINNED("pinned by an operator"),
        /** Migrated users stay on modern whatever the percentage. */
        MIGRATED("already migrated"),
        /** Rolled-back users stay on legacy. */
        ROLLED_BACK("rolled back"),
        /** The last attempt failed and a retry is not due yet. */
        RETRY_NOT_DUE("last migration failed, retry not due"),
        /** The user's bucket is in the cohort's modern share. */
        IN_SHARE("in the cohort's modern share"),
        /**
         * The user's bucket is in the cohort's modern share, but a legacy session of theirs is in progress
         * ({@code routing.session}): legacy until it ends.
         */
        LEGACY_SESSION("in the cohort's modern share, legacy session in progress"),
        /** The user's bucket is outside the cohort's modern share. */
        OUT_OF_SHARE("outside the cohort's modern share"),
        /** No cohort selects the user. */
        NO_COHORT("no cohort selects the user");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** The reason in words, as in {@link Decision#explain()}. */
        public String description() {
            return description;
        }
    }

    /**
     * One line for logs and the admin API, e.g.
     * {@code modern (migrate first): in the cohort's modern share; rule api-orders, user ALFKI, cohort staff,
     * bucket 709}.
     */
    public String explain() {
        StringBuilder line = new StringBuilder(96).append(upstream.id());
        if (migrateFirst) {
            line.append(" (migrate first)");
        }
        line.append(": ").append(reason.description());
        line.append("; rule ").append(rule == null ? "-" : rule);
        if (userKey != null) {
            line.append(", user ").append(userKey);
        }
        if (cohort != null) {
            line.append(", cohort ").append(cohort);
        }
        if (bucket >= 0) {
            line.append(", bucket ").append(bucket);
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return explain();
    }
}
