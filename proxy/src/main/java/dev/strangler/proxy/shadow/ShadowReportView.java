package dev.strangler.proxy.shadow;

import dev.strangler.migrator.ShadowStore;
import dev.strangler.migrator.ShadowStore.FieldCount;
import dev.strangler.migrator.ShadowStore.RouteReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shadow report as {@code GET /admin/shadow} and {@code strangler shadow report} show it: per route, the match
 * rate over the window (matches over matches and mismatches; errors and skipped requests apart), the most frequent
 * differing fields, the fields that are noise, and the newest mismatches with both answers.
 */
public final class ShadowReportView {

    /** Differing fields listed per route. */
    public static final int TOP_FIELDS = 10;
    /** Newest mismatches listed per route. */
    public static final int NEWEST = 5;
    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,5})(m|h|d)");

    private ShadowReportView() {
    }

    /**
     * Parses a window such as {@code 15m}, {@code 1h} or {@code 7d}.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static Duration window(String text) {
        Matcher m = WINDOW.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("window: " + text + " (expected: minutes, hours or days, such as 15m,"
                    + " 1h or 7d)");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public static JsonObject json(List<RouteReport> reports, String window, Instant since) {
        JsonArray routes = new JsonArray();
        for (RouteReport report : reports) {
            JsonArray mismatches = new JsonArray();
            for (ShadowStore.Mismatch mismatch : report.mismatches()) {
                mismatches.add(new JsonObject().put("at", mismatch.at().toString()).put("user", mismatch.userKey())
                        .put("method", mismatch.method()).put("uri", mismatch.uri())
                        .put("fields", new JsonArray(List.copyOf(mismatch.fields())))
                        .put("primary", new JsonObject(mismatch.primary()))
                        .put("shadow", new JsonObject(mismatch.shadow())));
            }
            routes.add(new JsonObject().put("route", report.route()).put("matchRate", report.matchRate())
                    .put("counts", new JsonObject(new java.util.TreeMap<>(report.counts())))
                    .put("fields", fields(report.fields())).put("noise", fields(report.noise()))
                    .put("mismatches", mismatches));
        }
        return new JsonObject().put("window", window).put("since", since.toString()).put("routes", routes);
    }

    private static JsonArray fields(List<FieldCount> fields) {
        JsonArray list = new JsonArray();
        fields.forEach(field -> list.add(new JsonObject().put("field", field.field()).put("count", field.count())));
        return list;
    }

    /** The report as text, one block per route. */
    public static void print(List<RouteReport> reports, String window, PrintWriter out) {
        if (reports.isEmpty()) {
            out.println("no shadow comparisons in the last " + window);
            return;
        }
        for (RouteReport report : reports) {
            Double rate = report.matchRate();
            out.println(String.format(Locale.ROOT, "%s: %s match over the last %s (%d match, %d mismatch, %d error,"
                            + " %d skipped)", report.route(), rate == null ? "no" : String.format(Locale.ROOT,
                            "%.1f%%", rate * 100), window, report.counts().getOrDefault("match", 0L),
                    report.counts().getOrDefault("mismatch", 0L), report.counts().getOrDefault("error", 0L),
                    report.counts().getOrDefault("skipped", 0L)));
            report.fields().forEach(field -> out.println(String.format(Locale.ROOT, "  %6d  %s", field.count(),
                    field.field())));
            report.noise().forEach(field -> out.println(String.format(Locale.ROOT, "  %6d  %s (noise)",
                    field.count(), field.field())));
            for (ShadowStore.Mismatch mismatch : report.mismatches()) {
                out.println("  " + mismatch.at() + " " + mismatch.method() + " " + mismatch.uri()
                        + (mismatch.userKey() == null ? "" : " user " + mismatch.userKey()) + ": "
                        + String.join(", ", mismatch.fields()));
            }
        }
    }
}
