package dev.strangler.migrator.draft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a draft plan as YAML: the {@code migration:} section with a comment wherever the draft guessed or left
 * something out, so the person who edits it knows where to look.
 */
final class DraftText {

    /** The column the suggested cleaned mark writes. */
    static final String MARK = "migrated_at";

    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Catalogue legacy;
    private final EntityGraph graph;
    private final ModernMatch modern;
    private final StringBuilder out = new StringBuilder();
    private final List<String> notes = new ArrayList<>();

    DraftText(Catalogue legacy, EntityGraph graph, ModernMatch modern) {
        this.legacy = legacy;
        this.graph = graph;
        this.modern = modern;
    }

    /** Notes for the operator, printed apart from the draft: statements to run by hand, entities left out. */
    List<String> notes() {
        return notes;
    }

    String write(String legacyUrl, String modernUrl) {
        CatalogueTable root = graph.root();
        line("# Draft migration plan written by `strangler plan init` from the legacy catalogue");
        line("# (root table " + root.name() + ", user key " + graph.key() + ").");
        line("# A starting point, not a finished plan: read every comment, add validate rules for what the modern");
        line("# side must never receive, then run `strangler check --sample 100` against both databases.");
        line("# Use it as the migration: section of strangler.yaml, or as a file named by its plan: key.");
        if (modern.mirrors()) {
            line("# No --modern database was given: every upsert assumes modern has legacy's tables and columns.");
        }
        if (!graph.references().isEmpty()) {
            line("#");
            line("# Shared reference data (many-to-one), not moved per user: load it into modern once, before the");
            line("# first migration, or the upserts that reference it fail:");
            graph.references().forEach(reference -> line("#   " + reference));
        }
        if (!graph.unlinked().isEmpty()) {
            line("#");
            line("# Tables with a column named like the user key but no foreign key to " + root.name()
                    + ": if their rows");
            line("# belong to the user, add an entity for each (its fetch: ... WHERE " + graph.key() + " = "
                    + legacy.userKey() + "):");
            graph.unlinked().forEach(table -> line("#   " + table));
        }
        line("migration:");
        line("  legacy: " + quoted(legacyUrl));
        line("  modern: " + quoted(modernUrl));
        line("  users: " + quoted("SELECT " + legacy.quote(graph.key()) + " FROM " + legacy.quote(root.name())
                + " ORDER BY " + legacy.quote(graph.key())));
        line("  entities:");
        for (EntityGraph.Reached reached : graph.owned()) {
            entity(reached);
        }
        cleaned(root);
        return out.toString();
    }

    private void entity(EntityGraph.Reached reached) {
        CatalogueTable table = reached.table();
        var target = modern.table(table);
        if (target.isEmpty()) {
            notes.add("entity " + table.name() + " left out: no modern table matches it by name");
            line("    # " + table.name() + ": no modern table matches it by name; add an entity by hand.");
            return;
        }
        Map<String, String> unmatched = new LinkedHashMap<>();
        Map<CatalogueTable.Column, CatalogueTable.Column> columns = ModernMatch.columns(table, target.get(),
                unmatched);
        if (reached.path().isEmpty()) {
            columns.keySet().removeIf(column -> column.name().equals(MARK));
        }
        line("    # " + (reached.path().isEmpty() ? "the root: one row per user"
                : "reached by " + path(reached) + " (one-to-many)") + ".");
        line("    - name: " + table.name());
        line("      cardinality: " + (reached.path().isEmpty() ? "one" : "many"));
        if (!table.primaryKey().isEmpty()) {
            line("      key: " + table.primaryKey().get(0));
        }
        line("      fetch: >");
        for (String sqlLine : FetchSql.of(legacy, graph, reached).split("\n")) {
            line("        " + sqlLine);
        }
        exampleRule(table);
        line("      map:");
        for (CatalogueTable.Column column : table.columns()) {
            if (reached.path().isEmpty() && column.name().equals(MARK)) {
                line("        # " + MARK + ": the cleaned mark, Strangler's own; not migrated.");
                continue;
            }
            String expression = FIELD.matcher(column.name()).matches() ? "row." + column.name()
                    : "'row[\"" + column.name().replace("'", "''") + "\"]'";
            CatalogueTable.Column into = columns.get(column);
            if (into == null) {
                line("        # " + column.name() + ": " + expression + "   # " + unmatched.get(column.name()));
            } else {
                line("        " + fieldName(into.name()) + ": " + expression);
            }
        }
        List<String> unfilled = ModernMatch.unfilled(target.get(), columns);
        if (!unfilled.isEmpty()) {
            line("      # modern " + target.get().name() + " needs a value no legacy column gives: "
                    + String.join(", ", unfilled));
        }
        if (target.get().primaryKey().isEmpty()) {
            line("      # modern " + target.get().name() + " has no primary key: this insert is not idempotent, and a"
                    + " second attempt would add the rows again.");
        }
        line("      upsert: >");
        for (String sqlLine : UpsertSql.of(target.get(), columns.values()).split("\n")) {
            line("        " + sqlLine);
        }
    }

    private void exampleRule(CatalogueTable table) {
        for (CatalogueTable.Column column : table.columns()) {
            if (!column.nullable() && ModernMatch.textual(column.type()) && FIELD.matcher(column.name()).matches()
                    && !table.primaryKey().contains(column.name())) {
                line("      # validate:   (what modern must never receive; an example)");
                line("      #   - { rule: 'row." + column.name() + ".trim().size() > 0', message: \""
                        + column.name() + " is blank\", field: " + column.name() + " }");
                return;
            }
        }
    }

    private void cleaned(CatalogueTable root) {
        String table = legacy.quote(root.name());
        String where = " WHERE " + legacy.quote(graph.key()) + " = " + legacy.userKey();
        boolean marked = root.column(MARK).isPresent();
        String prefix = marked ? "  " : "  # ";
        if (!marked) {
            String alter = "ALTER TABLE " + table + " ADD COLUMN " + legacy.quote(MARK) + " " + legacy.markType();
            notes.add("cleaned needs a mark column; plan init never changes a database, run it yourself: " + alter
                    + ";");
            line("  # The cleaned mark: " + root.name() + " has no migrated_at column. Add one (nullable, so the");
            line("  # legacy application is not affected), then uncomment cleaned and uncleaned:");
            line("  #   " + alter + ";");
        } else {
            line("  # The cleaned mark: " + root.name() + ".migrated_at, set once the user lives in modern.");
        }
        line(prefix + "cleaned: " + quoted("UPDATE " + table + " SET " + MARK + " = " + legacy.now() + where));
        line(prefix + "uncleaned: " + quoted("UPDATE " + table + " SET " + MARK + " = NULL" + where));
        line("  # rollback: steps that copy a user's modern rows back to legacy; write them before the first rollout.");
    }

    private static String path(EntityGraph.Reached reached) {
        List<String> hops = new ArrayList<>();
        for (EntityGraph.Hop hop : reached.path()) {
            hops.add(hop.child().name() + "." + String.join(", ", hop.key().columns()) + " -> "
                    + hop.key().referencedTable());
        }
        return String.join(", ", hops);
    }

    private static String fieldName(String column) {
        return FIELD.matcher(column).matches() ? column : column.replaceAll("[^A-Za-z0-9_]", "_");
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
