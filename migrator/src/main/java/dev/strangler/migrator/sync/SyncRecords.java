package dev.strangler.migrator.sync;

import dev.strangler.migrator.Coexistence.SyncStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a sync name leaves in the databases, read and cleared apart from a running process: its holder's last
 * figures ({@code strangler.sync_status}, written by the holder and read by every proxy and {@code strangler sync
 * status}), and both sides' replication slots with their publications ({@code strangler sync drop-slot}).
 */
public final class SyncRecords {

    private static final String STATUS = """
            INSERT INTO strangler.sync_status (name, holder, status, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, status = EXCLUDED.status,
                updated_at = EXCLUDED.updated_at""";

    private SyncRecords() {
    }

    /** Writes the holder's figures of a sync name. */
    static Future<Void> write(Pool state, String name, SyncStatus status) {
        return state.preparedQuery(STATUS).execute(Tuple.of(name, status.holder(), status.toJson(),
                status.updatedAt().atOffset(ZoneOffset.UTC))).mapEmpty();
    }

    /** Reads the figures the holder of a sync name last wrote. */
    public static Future<Optional<SyncStatus>> lastStatus(Pool state, String name) {
        return state.preparedQuery("SELECT status FROM strangler.sync_status WHERE name = $1")
                .execute(Tuple.of(name)).map(rows -> rows.size() == 0 ? Optional.<SyncStatus>empty()
                        : Optional.of(fromJson((JsonObject) rows.iterator().next().getValue("status"))));
    }

    /** Drops both sides' slots and publications of a sync name; refused while a process holds its lease. */
    public static Future<List<String>> dropSlots(Pool state, Pool legacy, String name) {
        return SyncLease.holder(state, name).compose(holder -> {
            if (holder.isPresent()) {
                return Future.failedFuture(new IllegalStateException("sync " + name + " is running (held by "
                        + holder.get() + "); stop it before dropping its slots"));
            }
            String legacySlot = name + "_legacy";
            String modernSlot = name + "_modern";
            return Future.all(Slots.drop(legacy, legacySlot), Slots.drop(state, modernSlot)).map(both -> {
                List<String> dropped = new ArrayList<>();
                if (both.<Boolean>resultAt(0)) {
                    dropped.add(legacySlot);
                }
                if (both.<Boolean>resultAt(1)) {
                    dropped.add(modernSlot);
                }
                return dropped;
            });
        });
    }

    /** Reads what {@link SyncStatus#toJson()} wrote. */
    static SyncStatus fromJson(JsonObject json) {
        return new SyncStatus(json.getString("holder"), Instant.parse(json.getString("updatedAt")),
                numbers(json.getJsonObject("lagSeconds"), Double.class), numbers(json.getJsonObject("applied"),
                Long.class), numbers(json.getJsonObject("skipped"), Long.class),
                numbers(json.getJsonObject("conflicts"), Long.class),
                numbers(json.getJsonObject("retainedWalBytes"), Long.class));
    }

    private static <T> Map<String, T> numbers(JsonObject json, Class<T> type) {
        Map<String, T> values = new TreeMap<>();
        if (json != null) {
            json.forEach(entry -> values.put(entry.getKey(), type == Double.class
                    ? type.cast(((Number) entry.getValue()).doubleValue())
                    : type.cast(((Number) entry.getValue()).longValue())));
        }
        return values;
    }
}
