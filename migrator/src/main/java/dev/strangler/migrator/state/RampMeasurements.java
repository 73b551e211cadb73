package dev.strangler.migrator.state;

import dev.strangler.migrator.RampStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * {@code strangler.ramp_sample}: each proxy's measurements of a cohort, one row per flush, summed over the fleet and
 * an interval when a ramp's gates are judged.
 */
final class RampMeasurements {

    private static final String RECORD = """
            INSERT INTO strangler.ramp_sample (instance, cohort, flushed_at, legacy_requests, legacy_errors,
                modern_requests, modern_errors, legacy_latency, modern_latency, migrations, migration_failures)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (instance, cohort, flushed_at) DO UPDATE SET
                legacy_requests = strangler.ramp_sample.legacy_requests + EXCLUDED.legacy_requests,
                legacy_errors = strangler.ramp_sample.legacy_errors + EXCLUDED.legacy_errors,
                modern_requests = strangler.ramp_sample.modern_requests + EXCLUDED.modern_requests,
                modern_errors = strangler.ramp_sample.modern_errors + EXCLUDED.modern_errors,
                legacy_latency = ARRAY(SELECT a + b FROM unnest(strangler.ramp_sample.legacy_latency,
                    EXCLUDED.legacy_latency) AS sums(a, b)),
                modern_latency = ARRAY(SELECT a + b FROM unnest(strangler.ramp_sample.modern_latency,
                    EXCLUDED.modern_latency) AS sums(a, b)),
                migrations = strangler.ramp_sample.migrations + EXCLUDED.migrations,
                migration_failures = strangler.ramp_sample.migration_failures + EXCLUDED.migration_failures""";
    private static final String MEASURED = """
            SELECT legacy_requests, legacy_errors, modern_requests, modern_errors, legacy_latency, modern_latency,
                migrations, migration_failures
            FROM strangler.ramp_sample WHERE cohort = $1 AND flushed_at >= $2 AND flushed_at <= $3""";

    private final Pool modern;

    RampMeasurements(Pool modern) {
        this.modern = modern;
    }

    Future<Void> record(String instance, String cohort, Instant flushedAt, RampStore.Counts counts) {
        return modern.preparedQuery(RECORD).execute(Tuple.tuple().addValue(instance).addValue(cohort)
                        .addValue(micros(flushedAt)).addValue(counts.legacyRequests())
                        .addValue(counts.legacyErrors()).addValue(counts.modernRequests())
                        .addValue(counts.modernErrors()).addArrayOfLong(boxed(counts.legacyLatency()))
                        .addArrayOfLong(boxed(counts.modernLatency())).addValue(counts.migrations())
                        .addValue(counts.migrationFailures()))
                .mapEmpty();
    }

    Future<RampStore.Counts> measured(String cohort, Instant from, Instant to) {
        return modern.preparedQuery(MEASURED).execute(Tuple.of(cohort, micros(from), micros(to))).map(rows -> {
                    RampStore.Counts sum = RampStore.Counts.NONE;
                    for (Row row : rows) {
                        sum = sum.plus(new RampStore.Counts(row.getLong("legacy_requests"),
                                row.getLong("legacy_errors"),
                                row.getLong("modern_requests"), row.getLong("modern_errors"),
                                unboxed(row.getArrayOfLongs("legacy_latency")),
                                unboxed(row.getArrayOfLongs("modern_latency")), row.getLong("migrations"),
                                row.getLong("migration_failures")));
                    }
                    return sum;
                });
    }

    Future<Void> forgetBefore(Instant before) {
        return modern.preparedQuery("DELETE FROM strangler.ramp_sample WHERE flushed_at < $1")
                .execute(Tuple.of(micros(before))).mapEmpty();
    }

    /** PostgreSQL keeps microseconds: an instant is cut to them before it is compared with one read back. */
    private static OffsetDateTime micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static Long[] boxed(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static long[] unboxed(Long[] values) {
        long[] unboxed = new long[RampStore.Counts.BUCKETS];
        for (int i = 0; i < Math.min(values.length, unboxed.length); i++) {
            unboxed[i] = values[i] == null ? 0 : values[i];
        }
        return unboxed;
    }
}
