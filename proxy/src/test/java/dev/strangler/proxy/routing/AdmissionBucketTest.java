package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationAdmission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AdmissionBucketTest {

    private Instant now = Instant.parse("2026-11-30T21:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final AdmissionBucket bucket = new AdmissionBucket(new MigrationAdmission(10, 3), clock);

    @Test
    void fullBucket_admitsItsBurst_thenRefuses() {
        assertThat(bucket.tryAdmit()).isTrue();
        assertThat(bucket.tryAdmit()).isTrue();
        assertThat(bucket.tryAdmit()).isTrue();
        assertThat(bucket.tryAdmit()).isFalse();
    }

    @Test
    void emptyBucket_refillsAtTheRate_neverBeyondTheBurst() {
        while (bucket.tryAdmit()) {
            // empty it
        }
        now = now.plus(Duration.ofMillis(100));
        assertThat(bucket.tryAdmit()).as("one token after 100 ms at 10/s").isTrue();
        assertThat(bucket.tryAdmit()).isFalse();

        now = now.plus(Duration.ofHours(1));
        int admitted = 0;
        while (bucket.tryAdmit()) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(3);
    }
}
