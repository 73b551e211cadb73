package dev.strangler.migrator.state;

import dev.strangler.migrator.ChangeAudit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code strangler.change_audit} and the view {@code strangler.audit_log} over every audit table (created by
 * {@link StateSchema}) behind {@link ChangeAudit}.
 */
public final class AuditRows implements ChangeAudit {

    private static final String RECORD = """
            INSERT INTO strangler.change_audit (kind, subject, actor, changed_at, reason, details)
            VALUES ($1, $2, $3, $4, $5, $6)""";
    private static final String RECENT = """
            SELECT kind, subject, actor, changed_at, reason, details FROM strangler.audit_log
            ORDER BY changed_at DESC LIMIT $1""";

    private final Pool modern;

    public AuditRows(Pool modern) {
        this.modern = modern;
    }

    @Override
    public Future<Void> record(Entry entry) {
        return record(modern, entry);
    }

    /** Appends the entry through {@code client}, so a change's own transaction can carry its audit entry. */
    static Future<Void> record(SqlClient client, Entry entry) {
        return client.preparedQuery(RECORD).execute(Tuple.tuple().addValue(entry.kind()).addValue(entry.subject())
                .addValue(entry.actor()).addValue(entry.at().atOffset(ZoneOffset.UTC)).addValue(entry.reason())
                .addValue(entry.details())).mapEmpty();
    }

    @Override
    public Future<List<Entry>> recent(int limit) {
        return modern.preparedQuery(RECENT).execute(Tuple.of(limit))
                .map(rows -> rows.stream().map(AuditRows::entry).toList());
    }

    private static Entry entry(Row row) {
        Object details = row.getJson("details");
        return new Entry(row.getString("kind"), row.getString("subject"), row.getString("actor"),
                row.getOffsetDateTime("changed_at").toInstant(), row.getString("reason"),
                details instanceof JsonObject object ? object : new JsonObject());
    }
}
