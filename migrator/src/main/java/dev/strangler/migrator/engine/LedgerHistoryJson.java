package dev.strangler.migrator.engine;

import dev.strangler.migrator.Reports.LedgerHistory;
import dev.strangler.migrator.state.LedgerReader;
import dev.strangler.migrator.state.LedgerRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The ledger read back for the admin API: {@link LedgerReader}'s records, each as the API shows it. */
final class LedgerHistoryJson implements LedgerHistory {

    private final LedgerReader reader;

    LedgerHistoryJson(LedgerReader reader) {
        this.reader = reader;
    }

    @Override
    public Future<List<JsonObject>> ofUser(String userKey, int limit) {
        return reader.ofUser(userKey, limit).map(LedgerHistoryJson::json);
    }

    @Override
    public Future<List<JsonObject>> recent(String outcome, int limit) {
        return reader.recent(outcome, limit).map(LedgerHistoryJson::json);
    }

    @Override
    public Future<List<JsonObject>> brokeRule(String rule, int limit) {
        return reader.brokeRule(rule, limit).map(LedgerHistoryJson::json);
    }

    private static List<JsonObject> json(List<LedgerRecord> records) {
        return records.stream().map(LedgerRecord::toJson).toList();
    }
}
