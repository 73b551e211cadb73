package dev.strangler.migrator.engine;

import dev.strangler.migrator.Coexistence.SyncOutcome.Conflict;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a catch-up does with one modern row, decided from three versions of it, each as modern would store it:
 * {@code base} (legacy's, as of the last sync), {@code legacy} (legacy's now) and {@code modern} (modern's now).
 * A column legacy changed and modern did not is written; a column modern changed stays modern's (modern owns a
 * migrated user), and when legacy changed it too, to something else, that is a conflict, recorded with both values.
 *
 * <pre>{@code
 * base {city: Berlin}, legacy {city: Bonn}, modern {city: Berlin}  -> write city = Bonn
 * base {city: Berlin}, legacy {city: Bonn}, modern {city: Paris}   -> keep Paris, conflict (lost Bonn)
 * base {city: Berlin}, legacy {city: Berlin}, modern {city: Paris} -> nothing to write
 * }</pre>
 *
 * @param write      whether the legacy row must be upserted
 * @param keepModern the columns to set back to modern's values after the upsert (modern changed them)
 * @param conflicts  the columns both changed to different values
 */
record RowMerge(boolean write, List<String> keepModern, List<Conflict> conflicts) {

    RowMerge {
        keepModern = List.copyOf(keepModern);
        conflicts = List.copyOf(conflicts);
    }

    /**
     * @param base   null when there is no base (no earlier sync kept rows): legacy's row is written when it differs
     * @param modern null when modern has no such row: legacy's row is written
     */
    static RowMerge decide(String entity, String rowKey, List<String> columns, JsonObject base, JsonObject legacy,
                           JsonObject modern) {
        if (modern == null) {
            return new RowMerge(true, List.of(), List.of());
        }
        if (base == null) {
            return new RowMerge(!same(columns, legacy, modern), List.of(), List.of());
        }
        boolean write = false;
        List<String> keep = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (String column : columns) {
            boolean legacyChanged = !equal(base, legacy, column);
            boolean modernChanged = !equal(base, modern, column);
            if (modernChanged) {
                keep.add(column);
                if (legacyChanged && !equal(legacy, modern, column)) {
                    conflicts.add(new Conflict(entity, rowKey, column, text(modern, column), text(legacy, column),
                            text(base, column)));
                }
            } else if (legacyChanged) {
                write = true;
            }
        }
        return new RowMerge(write, write ? keep : List.of(), conflicts);
    }

    private static boolean same(List<String> columns, JsonObject one, JsonObject other) {
        return columns.stream().allMatch(column -> equal(one, other, column));
    }

    private static boolean equal(JsonObject one, JsonObject other, String column) {
        return Objects.equals(text(one, column), text(other, column));
    }

    private static String text(JsonObject row, String column) {
        return Json.encode(row.getValue(column));
    }
}
