package dev.strangler.proxy.cli;

import dev.strangler.config.file.StranglerConfig;
import dev.strangler.rules.Cohort;
import dev.strangler.rules.RequestFacts;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code --cohort NAME} of {@code backfill} and {@code rollback}: the users whose cohort (the first of
 * {@code routing.cohorts} that selects them, SPEC §3.3) is NAME. Without a request, a cohort's {@code when:}
 * condition is evaluated against a bare {@code GET /} (no headers, no claims): a condition that reads the request
 * selects nobody here, so such cohorts should list their {@code users:} or be backfilled whole.
 */
final class CohortMembers implements Predicate<String> {

    private static final RequestFacts NO_REQUEST = RequestFacts.of("GET", "/");

    private final String name;
    private final List<Cohort> cohorts;

    private CohortMembers(String name, List<Cohort> cohorts) {
        this.name = name;
        this.cohorts = cohorts;
    }

    /** The members of the named cohort; an unknown name is a bad argument, listing the names there are. */
    static CohortMembers of(StranglerConfig config, String name) {
        List<Cohort> cohorts = config.routingTable().cohorts();
        if (cohorts.stream().noneMatch(cohort -> cohort.name().equals(name))) {
            throw new IllegalArgumentException("--cohort " + name + ": no such cohort (expected one of "
                    + cohorts.stream().map(Cohort::name).toList() + ")");
        }
        return new CohortMembers(name, cohorts);
    }

    @Override
    public boolean test(String userKey) {
        return name.equals(cohortOf(cohorts, userKey));
    }

    /** The name of the first cohort that selects the user without a request, or null when none does. */
    static String cohortOf(List<Cohort> cohorts, String userKey) {
        for (Cohort cohort : cohorts) {
            if (cohort.selects(userKey, NO_REQUEST)) {
                return cohort.name();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "cohort " + name;
    }
}
