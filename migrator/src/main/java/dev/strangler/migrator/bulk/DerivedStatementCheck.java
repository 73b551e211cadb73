package dev.strangler.migrator.bulk;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.config.EntityPlan;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** {@code strangler check}'s look at the statements the set-based load path derives from the plan. */
public final class DerivedStatementCheck {

    private DerivedStatementCheck() {
    }

    /**
     * Prepares, without writing, the statements this path derives from the plan: every entity's batch read on
     * legacy and every multi-row upsert on modern ({@code strangler check}). One line per statement the database
     * refused. A MySQL or MariaDB legacy's batch read is the fetch itself, which the plan check prepares already.
     */
    public static Future<List<String>> check(MigrationPlan plan, PlanSteps steps) {
        List<Future<String>> checks = new ArrayList<>();
        boolean derivedReads = plan.legacy().kind() == DatabaseUrl.Kind.POSTGRESQL;
        for (EntityPlan entity : plan.entities()) {
            if (derivedReads) {
                checks.add(problem("migration.entities." + entity.name() + ".fetch (batch read)",
                        steps.legacyTypes(entity.fetch(), null).compose(types -> steps.legacyTypes(
                                BatchFetch.derive(entity.fetch(), types.isEmpty() ? null : types.get(0)), null))));
            }
            String upsert = NamedStatement.parse(entity.upsert()).sql();
            checks.add(problem("migration.entities." + entity.name() + ".upsert (multi-row)",
                    steps.modernTypes(upsert, null).compose(types -> BatchUpsert.multiRow(upsert, types)
                            .map(sql -> steps.modernTypes(sql, null))
                            .orElse(Future.succeededFuture(List.of())))));
        }
        return Future.join(checks).transform(done -> Future.succeededFuture(
                checks.stream().map(Future::result).filter(p -> p != null).toList()));
    }

    private static Future<String> problem(String where, Future<?> probe) {
        return probe.transform(done -> Future.succeededFuture(done.succeeded() ? null
                : where + ": " + done.cause().getMessage()));
    }
}
