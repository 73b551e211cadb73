package dev.strangler.migrator;

import dev.strangler.migrator.state.Snapshots;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What migrating one user would do, computed without writing anything: the legacy rows read, every violation, and
 * (when there is none) the modern rows that would be written. {@code strangler migrate --dry-run} prints it, the
 * audit counts it, and a real attempt starts from it.
 *
 * @param userKey    the user
 * @param source     entity name to the legacy rows read, in plan order
 * @param target     entity name to the transformed rows; empty when there are violations
 * @param violations every rule broken by any row of any entity
 */
public record DryRun(String userKey, Map<String, List<Map<String, Object>>> source,
                     Map<String, List<Map<String, Object>>> target, List<Violation> violations) {

    public DryRun {
        source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
        target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
        violations = List.copyOf(violations);
    }

    /** True when the user's data passes every rule and would be migrated now. */
    public boolean wouldMigrate() {
        return violations.isEmpty();
    }

    /** What {@code strangler migrate --dry-run} prints: the user, the verdict, both sides' rows and the violations. */
    public JsonObject toJson() {
        return new JsonObject().put("user", userKey).put("wouldMigrate", wouldMigrate())
                .put("source", Snapshots.of(source)).put("target", Snapshots.of(target))
                .put("violations", Snapshots.errors(violations));
    }
}
