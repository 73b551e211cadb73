package dev.strangler.migrator.check;

import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.PlanChecks.SampleReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Counts the sampled users' violations by entity, field and rule, keeping a few example keys of each. */
public final class SampleTally {

    private static final int ERRORS = 10;

    private final Map<List<String>, Kind> rules = new LinkedHashMap<>();
    private final Map<List<String>, Kind> unfit = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private long sampled;
    private long wouldMigrate;

    /** Picks {@code count} keys spread evenly over {@code keys} (in the order the users query lists them). */
    public static List<String> spread(List<String> keys, int count) {
        if (keys.size() <= count) {
            return List.copyOf(keys);
        }
        List<String> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(keys.get((int) ((long) i * keys.size() / count)));
        }
        return picked;
    }

    /** One sampled user: the rules it broke and the values modern refused; both empty when it would migrate. */
    public void user(String key, List<Violation> broken, List<Violation> refused) {
        sampled++;
        if (broken.isEmpty() && refused.isEmpty()) {
            wouldMigrate++;
        }
        broken.forEach(v -> add(rules, v, key));
        refused.forEach(v -> add(unfit, v, key));
    }

    /** A sampled user that could not be read or tried. */
    public void failed(String key, String error) {
        sampled++;
        if (errors.size() < ERRORS) {
            errors.add(key + ": " + error);
        }
    }

    public SampleReport report(long legacyUsers) {
        return new SampleReport(legacyUsers, sampled, wouldMigrate, findings(rules), findings(unfit), errors);
    }

    /** The users of one entity, field and rule, and the first message (later ones may name other values). */
    private record Kind(String message, Set<String> keys) {
    }

    private static void add(Map<List<String>, Kind> into, Violation violation, String key) {
        List<String> kind = new ArrayList<>();
        kind.add(violation.entity());
        kind.add(violation.field());
        kind.add(violation.rule());
        into.computeIfAbsent(kind, k -> new Kind(violation.message(), new LinkedHashSet<>())).keys().add(key);
    }

    private static List<SampleReport.Finding> findings(Map<List<String>, Kind> counted) {
        List<SampleReport.Finding> findings = new ArrayList<>();
        counted.forEach((kind, users) -> findings.add(new SampleReport.Finding(kind.get(0), kind.get(1),
                kind.get(2), users.message(), users.keys().size(),
                users.keys().stream().limit(SampleReport.Finding.EXAMPLES).toList())));
        findings.sort(Comparator.comparingLong(SampleReport.Finding::users).reversed());
        return findings;
    }
}
