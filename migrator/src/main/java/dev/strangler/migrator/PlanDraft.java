package dev.strangler.migrator;

import dev.strangler.migrator.engine.Wiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * A draft plan written from the legacy catalogue by {@code strangler plan init}: one entity per table the root's
 * foreign keys reach, each with a fetch joined back to the user key, a map of every column and an upsert, plus
 * comments wherever a person has to decide.
 *
 * @param yaml  the {@code migration:} section, commented
 * @param notes what the operator must do apart from editing the draft (an {@code ALTER TABLE} to run by hand)
 */
public record PlanDraft(String yaml, List<String> notes) {

    public PlanDraft {
        notes = List.copyOf(notes);
    }

    /** Reads the catalogues and drafts; writes nothing to either database. */
    public static Future<PlanDraft> draft(Vertx vertx, DraftRequest request) {
        return Wiring.draft(vertx, request);
    }
}
