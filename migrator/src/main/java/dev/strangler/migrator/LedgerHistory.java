package dev.strangler.migrator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The questions operators ask the ledger, newest entries first, each entry as the admin API shows it: a user's last
 * attempts ({@code GET /admin/users/{key}}), the last entries with an outcome
 * ({@code GET /admin/migrations?outcome=INVALID}), and the users who broke a rule.
 */
public interface LedgerHistory {

    /** The user's last {@code limit} entries. */
    Future<List<JsonObject>> ofUser(String userKey, int limit);

    /** The last {@code limit} entries, of one outcome ({@code INVALID}, ...) or of any when null. */
    Future<List<JsonObject>> recent(String outcome, int limit);

    /** The last {@code limit} entries in which a row broke the rule (as written in the plan). */
    Future<List<JsonObject>> brokeRule(String rule, int limit);
}
