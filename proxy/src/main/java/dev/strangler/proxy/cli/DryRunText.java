package dev.strangler.proxy.cli;

import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Violation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strangler migrate --user KEY --dry-run} for people: the verdict, the rules broken by entity, field and
 * rule (with the rows that broke each), and how many rows each entity read and would write.
 *
 * <pre>
 * BLANK: would not migrate, 1 violation
 *   customer.company_name: company name is empty (row.company_name.size() > 0), row BLANK
 * rows: customer 1 read, orders 0 read
 * (--json prints the rows read and written)
 * </pre>
 */
final class DryRunText {

    private static final int ROWS_SHOWN = 5;

    private DryRunText() {
    }

    static void print(DryRun result, PrintWriter out) {
        int violations = result.violations().size();
        out.println(result.userKey() + ": " + (result.wouldMigrate() ? "would migrate"
                : "would not migrate, " + violations + (violations == 1 ? " violation" : " violations")));
        Map<String, List<String>> byRule = new LinkedHashMap<>();
        for (Violation v : result.violations()) {
            String kind = v.entity() + "." + (v.field() == null ? "-" : v.field()) + ": " + v.message() + " ("
                    + v.rule() + ")";
            byRule.computeIfAbsent(kind, k -> new ArrayList<>()).add(v.row());
        }
        byRule.forEach((kind, rows) -> out.println("  " + kind + ", " + (rows.size() == 1 ? "row " : "rows ")
                + String.join(", ", rows.subList(0, Math.min(ROWS_SHOWN, rows.size())))
                + (rows.size() > ROWS_SHOWN ? " and " + (rows.size() - ROWS_SHOWN) + " more" : "")));
        List<String> counts = new ArrayList<>();
        result.source().forEach((entity, rows) -> {
            List<Map<String, Object>> written = result.target().get(entity);
            counts.add(entity + " " + rows.size() + " read"
                    + (written == null ? "" : ", " + written.size() + " to write"));
        });
        out.println("rows: " + String.join("; ", counts));
        out.println("(--json prints the rows read and written)");
    }
}
