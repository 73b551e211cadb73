package dev.strangler.migrator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;

/**
 * Verify (SPEC §5 {@code verify}): proves that what legacy holds for each migrated user is what modern holds. It
 * re-reads and re-transforms the legacy data with the current plan and compares it, entity by entity and field by
 * field, with the modern rows of the same keys. Writes nothing.
 */
public interface Verification {

    /**
     * Verifies one user. Notes when the plan changed since the user's migration, and when the re-transformed rows no
     * longer match the ledger's target snapshot (legacy changed after it was cleaned). Never fails: an error is a
     * problem of the result.
     */
    Future<UserVerification> verify(String userKey);

    /** Verifies the given user, or ({@code userKey} null) every migrated user, or {@code sample} of them (0: all). */
    Future<VerifyReport> run(String userKey, int sample, Random random);

    /**
     * One entity of one user, compared: the rows the plan makes of the user's legacy data today, written the way the
     * upsert writes them, against the modern rows with the same keys.
     *
     * @param entity          the entity's name in the plan
     * @param expectedRows    rows the plan makes of the legacy data
     * @param foundRows       of those, rows found in modern
     * @param expectedChecksum SHA-256 over every mapped field of the expected rows, as modern would store them
     * @param foundChecksum   the same over the rows found in modern
     * @param differences     one line per difference: a missing row, or a field whose value differs
     */
    public record EntityCheck(String entity, int expectedRows, int foundRows, String expectedChecksum,
                              String foundChecksum, List<String> differences) {

        public EntityCheck {
            differences = List.copyOf(differences);
        }

        /** True when counts, checksums and every field agree. */
        public boolean clean() {
            return differences.isEmpty() && expectedRows == foundRows && expectedChecksum.equals(foundChecksum);
        }

        public JsonObject toJson() {
            return new JsonObject().put("entity", entity).put("expectedRows", expectedRows).put("foundRows", foundRows)
                    .put("expectedChecksum", expectedChecksum).put("foundChecksum", foundChecksum)
                    .put("clean", clean()).put("differences", new JsonArray(differences));
        }
    }

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

    /** Every user verified in one run, and whether any differs ({@code strangler verify} exits 1 then). */
    public record VerifyReport(List<UserVerification> users) {

        public VerifyReport {
            users = List.copyOf(users);
        }

        /** Users with at least one difference. */
        public List<UserVerification> different() {
            return users.stream().filter(user -> !user.clean()).toList();
        }

        public boolean clean() {
            return different().isEmpty();
        }

        public JsonObject toJson() {
            JsonArray all = new JsonArray();
            users.forEach(user -> all.add(user.toJson()));
            return new JsonObject().put("users", users.size()).put("different", different().size()).put("clean", clean())
                    .put("results", all);
        }

        /** Text: every user that differs, or has notes, in full; then one summary line. */
        public String toText() {
            StringBuilder text = new StringBuilder();
            users.stream().filter(user -> !user.clean() || !user.notes().isEmpty())
                    .forEach(user -> text.append(user.toText()).append('\n'));
            return text.append(users.size()).append(" users verified, ").append(different().size())
                    .append(" with differences").toString();
        }
    }
}
