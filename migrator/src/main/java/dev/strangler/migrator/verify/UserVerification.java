package dev.strangler.migrator.verify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One migrated user, verified.
 *
 * @param userKey  the user
 * @param notes    what the reader should know that is not a difference: the plan changed since the migration,
 *                 or legacy's data no longer matches the ledger's target snapshot
 * @param problems differences found before any entity could be compared (legacy data now invalid, no ledger entry)
 * @param entities each entity, compared
 */
public record UserVerification(String userKey, List<String> notes, List<String> problems,
                               List<EntityCheck> entities) {

    public UserVerification {
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
        entities = List.copyOf(entities);
    }

    /** True when nothing differs. */
    public boolean clean() {
        return problems.isEmpty() && entities.stream().allMatch(EntityCheck::clean);
    }

    public JsonObject toJson() {
        JsonArray checks = new JsonArray();
        entities.forEach(check -> checks.add(check.toJson()));
        return new JsonObject().put("user", userKey).put("clean", clean()).put("notes", new JsonArray(notes))
                .put("problems", new JsonArray(problems)).put("entities", checks);
    }

    /** The text report: one line for a clean user, then a line per note, problem and difference. */
    public String toText() {
        StringBuilder text = new StringBuilder(userKey).append(clean() ? ": clean" : ": DIFFERENT");
        notes.forEach(note -> text.append("\n  note: ").append(note));
        problems.forEach(problem -> text.append("\n  ").append(problem));
        for (EntityCheck check : entities) {
            if (!check.clean()) {
                text.append("\n  ").append(check.entity()).append(": ").append(check.foundRows()).append(" of ")
                        .append(check.expectedRows()).append(" rows found");
                check.differences().forEach(line -> text.append("\n    ").append(line));
            }
        }
        return text.toString();
    }
}
