package dev.strangler.migrator.draft;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.migrator.DatabaseConnections;
import dev.strangler.migrator.Migrator.DraftRequest;
import dev.strangler.migrator.Migrator.PlanDraft;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import java.util.List;

/**
 * {@code strangler plan init}: reads the legacy catalogue (and the modern one when given), follows the foreign keys
 * from the root table ({@link EntityGraph}) and writes a commented draft plan ({@link DraftText}). It only reads
 * catalogues: the {@code ALTER TABLE} a cleaned mark needs is printed, never run.
 */
public final class PlanDrafter {

    private PlanDrafter() {
    }

    public static Future<PlanDraft> draft(Vertx vertx, DraftRequest request) {
        if (request.modern() != null && request.modern().kind() != DatabaseUrl.Kind.POSTGRESQL) {
            return Future.failedFuture(new IllegalArgumentException(request.modern() + ": the modern database is "
                    + "PostgreSQL (MySQL and MariaDB are legacy databases only)"));
        }
        return DatabaseConnections.connect(vertx, request.legacy(), "strangler-plan-init")
                .compose(legacyConnection -> {
                    Catalogue legacy = request.legacy().kind() == DatabaseUrl.Kind.MYSQL
                            ? new MySqlCatalogue(legacyConnection) : new PostgresCatalogue(legacyConnection);
                    return legacy.tables().compose(legacyTables -> modernTables(vertx, request.modern())
                            .map(modernTables -> draft(legacy, legacyTables, modernTables, request)))
                            .eventually(legacyConnection::close);
                });
    }

    /** The draft from catalogues already read; {@code modernTables} null when modern mirrors legacy. */
    static PlanDraft draft(Catalogue legacy, List<CatalogueTable> legacyTables, List<CatalogueTable> modernTables,
                           DraftRequest request) {
        EntityGraph graph = EntityGraph.of(legacyTables, request.root(), request.key(), request.depth());
        DraftText text = new DraftText(legacy, graph, ModernMatch.of(modernTables));
        String yaml = text.write("${LEGACY_URL:-" + address(request.legacy()) + "}",
                request.modern() == null ? "${MODERN_URL}" : "${MODERN_URL:-" + address(request.modern()) + "}");
        if (request.legacy().password() != null || request.modern() != null && request.modern().password() != null) {
            text.notes().add("the draft's database addresses leave the password out: set LEGACY_URL and MODERN_URL"
                    + " to the full addresses");
        }
        return new PlanDraft(yaml, text.notes());
    }

    private static Future<List<CatalogueTable>> modernTables(Vertx vertx, DatabaseUrl modern) {
        if (modern == null) {
            return Future.succeededFuture(null);
        }
        return PgConnection.connect(vertx, DatabaseConnections.options(modern, "strangler-plan-init"))
                .compose(connection -> new PostgresCatalogue(connection).tables().eventually(connection::close));
    }

    /** The address without its password, as a draft may show it. */
    private static String address(DatabaseUrl url) {
        StringBuilder text = new StringBuilder(url.kind().scheme() + "://");
        if (url.user() != null) {
            text.append(url.user()).append('@');
        }
        text.append(url.host()).append(':').append(url.port()).append('/').append(url.database());
        if (!url.parameters().isEmpty()) {
            text.append('?');
            url.parameters().forEach((name, value) -> text.append(name).append('=').append(value).append('&'));
            text.setLength(text.length() - 1);
        }
        return text.toString();
    }
}
