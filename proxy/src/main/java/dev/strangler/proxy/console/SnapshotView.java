package dev.strangler.proxy.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A ledger entry's (or a dry run's) source and target snapshots side by side, per entity, row by row. The two sides
 * name their columns differently (the plan maps them), so a difference is a value: a value of a target row found
 * nowhere in the source row at the same place (transformed, or new) is marked, and so is a source value the target
 * row lost; nothing is marked against a side that kept no rows (an invalid attempt writes none). A snapshot kept as
 * a hash is shown as the hash.
 */
final class SnapshotView {

    private SnapshotView() {
    }

    static void render(Html html, String caption, JsonObject source, JsonObject target, String sourceLabel,
                       String targetLabel) {
        Set<String> entities = new LinkedHashSet<>();
        if (source != null) {
            entities.addAll(source.fieldNames());
        }
        if (target != null) {
            entities.addAll(target.fieldNames());
        }
        if (entities.isEmpty()) {
            html.raw("<p>").text(caption).raw(": no snapshot kept.</p>");
            return;
        }
        for (String entity : entities) {
            Object from = source == null ? null : source.getValue(entity);
            Object to = target == null ? null : target.getValue(entity);
            html.raw("<div class=\"side-by-side\"><h4>").text(entity).raw("</h4><div class=\"sides\">")
                    .raw("<div class=\"side\"><h5>").text(sourceLabel).raw("</h5>");
            side(html, from, to);
            html.raw("</div><div class=\"side\"><h5>").text(targetLabel).raw("</h5>");
            side(html, to, from);
            html.raw("</div></div></div>");
        }
    }

    /** One side's rows, marking each value that the other side's row at the same place does not hold. */
    private static void side(Html html, Object rows, Object other) {
        if (!(rows instanceof JsonArray array)) {
            html.raw("<p class=\"hash\">").text(rows == null ? "none" : rows).raw("</p>");
            return;
        }
        if (array.isEmpty()) {
            html.raw("<p>no rows</p>");
            return;
        }
        JsonArray others = other instanceof JsonArray list ? list : new JsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonObject row = array.getJsonObject(i);
            JsonObject counterpart = i < others.size() ? others.getJsonObject(i) : null;
            html.raw("<table class=\"row\"><tbody>");
            for (String column : row.fieldNames()) {
                Object value = row.getValue(column);
                boolean differs = !others.isEmpty() && (counterpart == null || !holds(counterpart, value));
                html.raw("<tr><th scope=\"row\">").text(column).raw("</th><td>")
                        .raw(differs ? "<mark title=\"not on the other side\">" : "").text(value)
                        .raw(differs ? "</mark>" : "").raw("</td></tr>");
            }
            html.raw("</tbody></table>");
        }
    }

    private static boolean holds(JsonObject row, Object value) {
        String wanted = String.valueOf(value);
        for (String column : row.fieldNames()) {
            if (String.valueOf(row.getValue(column)).equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
