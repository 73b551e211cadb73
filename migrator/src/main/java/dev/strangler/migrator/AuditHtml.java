package dev.strangler.migrator;

import java.util.Locale;

/** The audit report for people: one self-contained HTML page, no scripts, every value escaped. */
final class AuditHtml {

    private AuditHtml() {
    }

    static String render(Reports.AuditReport report) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Strangler audit</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}th{background:#eee}")
                .append("code{font-size:.95em}</style></head><body>\n")
                .append("<h1>Migration audit</h1>\n<p>")
                .append(escape(report.at().toString())).append(" &middot; plan ")
                .append(escape(report.planVersion())).append("</p>\n")
                .append("<p><strong>").append(String.format(Locale.ROOT, "%.1f%%", report.share() * 100))
                .append("</strong> of ").append(report.users()).append(" users would migrate today (")
                .append(report.wouldMigrate()).append(").</p>\n");
        if (report.rules().isEmpty()) {
            html.append("<p>No rule failed.</p>\n");
        } else {
            html.append("<table><tr><th>entity</th><th>rule</th><th>message</th><th>users</th><th>rows</th>")
                    .append("<th>examples</th></tr>\n");
            for (Reports.RuleCount rule : report.rules()) {
                html.append("<tr><td>").append(escape(rule.entity())).append("</td><td><code>")
                        .append(escape(rule.rule())).append("</code></td><td>").append(escape(rule.message()))
                        .append("</td><td>").append(rule.users()).append("</td><td>").append(rule.rows())
                        .append("</td><td>").append(escape(String.join(", ", rule.examples())))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (!report.errors().isEmpty()) {
            html.append("<h2>Users that could not be read</h2>\n<ul>\n");
            report.errors().forEach(error -> html.append("<li>").append(escape(error)).append("</li>\n"));
            html.append("</ul>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
