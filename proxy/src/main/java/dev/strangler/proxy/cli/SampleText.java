package dev.strangler.proxy.cli;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.PlanChecks.SampleReport;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code strangler check --sample N} for people: how many sampled users would migrate, the rules they broke by
 * entity, field and rule, and the values modern refused, each with example keys and, for a refused value, the
 * plan line of the map field that produced it.
 */
final class SampleText {

    private SampleText() {
    }

    static void print(SampleReport report, MigrationPlan plan, PrintWriter out) {
        out.println(String.format(Locale.ROOT, "sample: %d of %d legacy users, spread over the key space: %d would "
                + "migrate", report.sampled(), report.legacyUsers(), report.wouldMigrate()));
        if (!report.rules().isEmpty()) {
            out.println("rules broken, by entity, field and rule:");
            for (SampleReport.Finding finding : report.rules()) {
                out.println(String.format(Locale.ROOT, "  %5d users  %s.%s  %s  (%s)  e.g. %s", finding.users(),
                        finding.entity(), finding.field() == null ? "-" : finding.field(), finding.message(),
                        finding.rule(), String.join(", ", finding.examples())));
            }
        }
        if (!report.unfit().isEmpty()) {
            out.println("values modern would refuse (upserts run in a rolled-back transaction), by field:");
            for (SampleReport.Finding finding : report.unfit()) {
                out.println(String.format(Locale.ROOT, "  %5d users  %s%s.%s: %s  e.g. %s", finding.users(),
                        where(plan, finding), finding.entity(), finding.field() == null ? "-" : finding.field(),
                        finding.message(), String.join(", ", finding.examples())));
            }
        }
        report.errors().forEach(error -> out.println("  could not try " + error));
    }

    /** {@code file:line:column: } of the map field a refused value came from, when known. */
    private static String where(MigrationPlan plan, SampleReport.Finding finding) {
        if (finding.field() == null) {
            return "";
        }
        for (int i = 0; i < plan.entities().size(); i++) {
            if (plan.entities().get(i).name().equals(finding.entity())
                    && plan.entities().get(i).map().containsKey(finding.field())) {
                var error = plan.positions().at("migration.entities[" + i + "].map." + finding.field(), "");
                return error.file() + ":" + error.line() + ":" + error.column() + ": ";
            }
        }
        return "";
    }
}
