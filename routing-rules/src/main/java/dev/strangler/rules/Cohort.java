package dev.strangler.rules;

import dev.strangler.config.Percent;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of {@code routing.cohorts}: which users it selects and what share of them goes to modern. The first
 * cohort that selects a user is that user's cohort.
 *
 * @param name    the cohort's name, as in the admin API, the CLI and metrics ({@code name:}, required, unique)
 * @param users   the user keys selected explicitly ({@code users: [ALFKI, ANATR]}); empty for none
 * @param when    a CEL condition over the request and user ({@code when:}, see {@link CohortCondition}); null for
 *                none. With neither {@code users} nor {@code when}, the cohort selects everyone; with both, a user
 *                is selected when listed or when the condition holds
 * @param percent the configured share of the cohort sent to modern ({@code percent:}, 0..100, two decimals)
 * @param groupId the Unleash group id when {@code routing.bucketing: unleash} ({@code groupId:}; default the name)
 */
public record Cohort(String name, Set<String> users, CohortCondition when, Percent percent, String groupId) {

    public Cohort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(percent, "percent");
        users = Set.copyOf(users);
        groupId = groupId == null ? name : groupId;
    }

    /** True when this cohort selects the user for this request. */
    public boolean selects(String userKey, RequestFacts request) {
        if (users.isEmpty() && when == null) {
            return true;
        }
        return users.contains(userKey) || when != null && when.test(request, userKey);
    }

    @Override
    public String toString() {
        return name + " " + percent + "%" + (users.isEmpty() ? "" : " users " + users)
                + (when == null ? "" : " when " + when);
    }
}
