package dev.strangler.migrator;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shadow comparison results in the state database ({@code strangler.shadow_count}, {@code shadow_field},
 * {@code shadow_mismatch}), written by every proxy instance and read by {@code GET /admin/shadow} and
 * {@code strangler shadow report}: counts per route and minute, the fields that differed (as mismatches or as
 * noise), and the newest mismatches of each route.
 */
public interface ShadowStore {

    /**
     * Adds one batch of an instance's results: counts and field counts are added to what other instances wrote;
     * mismatches are appended and each route keeps its newest {@code keep}; anything older than
     * {@code olderThan} is deleted.
     */
    Future<Void> record(Batch batch, int keep, Instant olderThan);

    /**
     * What was compared since {@code since}, route by route: counts, the {@code topFields} most frequent differing
     * and noisy fields, and the newest {@code mismatches} mismatches.
     */
    Future<List<RouteReport>> report(Instant since, int topFields, int mismatches);

    /**
     * One instance's results since its last batch.
     *
     * @param counts     by route, then by result ({@code match}, {@code mismatch}, {@code error}, {@code skipped})
     * @param fields     the fields counted, by route
     * @param mismatches the mismatches, oldest first
     * @param minute     the minute they are counted in
     */
    record Batch(Map<String, Map<String, Long>> counts, Map<String, List<FieldCount>> fields,
                 List<Mismatch> mismatches, Instant minute) {

        public Batch {
            counts = Map.copyOf(counts);
            fields = Map.copyOf(fields);
            mismatches = List.copyOf(mismatches);
            Objects.requireNonNull(minute, "minute");
        }

        public boolean isEmpty() {
            return counts.isEmpty() && fields.isEmpty() && mismatches.isEmpty();
        }
    }

    /**
     * How often one field differed.
     *
     * @param field as reported: {@code status}, {@code header:content-type}, {@code body}, or a JSON path such as
     *              {@code $.customer.contactName}
     * @param noise true when it differed between two legacy answers too
     */
    record FieldCount(String field, boolean noise, long count) {
    }

    /**
     * One mismatch and what each side answered (status, compared headers, body up to the configured size).
     *
     * @param userKey the user's key, or its SHA-256 when {@code shadow.hashUserKeys} is on; null when anonymous
     * @param primary the answer the user got, as JSON text
     * @param shadow  the other side's answer, as JSON text
     */
    record Mismatch(String route, Instant at, String userKey, String method, String uri, List<String> fields,
                    String primary, String shadow) {

        public Mismatch {
            fields = List.copyOf(fields);
        }
    }

    /**
     * One route's results over a window.
     *
     * @param counts     by result
     * @param fields     the most frequent differing fields, most frequent first
     * @param noise      the most frequent noisy fields, most frequent first
     * @param mismatches the newest mismatches, newest first
     */
    record RouteReport(String route, Map<String, Long> counts, List<FieldCount> fields, List<FieldCount> noise,
                       List<Mismatch> mismatches) {

        public RouteReport {
            counts = Map.copyOf(counts);
            fields = List.copyOf(fields);
            noise = List.copyOf(noise);
            mismatches = List.copyOf(mismatches);
        }

        /** Matches over matches and mismatches; errors and skipped requests are not comparisons. Null if none. */
        public Double matchRate() {
            long matches = counts.getOrDefault("match", 0L);
            long compared = matches + counts.getOrDefault("mismatch", 0L);
            return compared == 0 ? null : (double) matches / compared;
        }
    }
}
