package dev.strangler.migrator.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.migrator.Backfills;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrakeTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);
    private final List<String> braked = new ArrayList<>();
    private final Backfills.Listener listener = new Backfills.Listener() {
        @Override
        public void braked(double usersPerSecond, String reason) {
            braked.add(Math.round(usersPerSecond) + ": " + reason);
        }
    };
    private final Backfills.Settings settings = Backfills.Settings.defaults().withRate(100)
            .withBrake(Duration.ofMillis(200), 0.25, 4);

    @Test
    void slowLegacy_halvesTheRateThenCalmGrowsItBackByATenth() {
        Brake brake = new Brake(null, clock, settings, listener);

        attempts(brake, 4, 300, false);
        assertThat(brake.rate()).isEqualTo(50);
        attempts(brake, 4, 20, false);
        assertThat(brake.rate()).isEqualTo(60);

        assertThat(braked).containsExactly(
                "50: median attempt 300 ms (bound 200 ms), errors 0.0% (bound 25.0%)",
                "60: legacy within bounds again");
    }

    @Test
    void errorsAboveTheBound_brakeEvenWhenFast() {
        Brake brake = new Brake(null, clock, settings, listener);

        attempts(brake, 2, 10, true);
        attempts(brake, 2, 10, false);

        assertThat(brake.rate()).isEqualTo(50);
    }

    @Test
    void withinBoundsAtTheConfiguredRate_changesNothing() {
        Brake brake = new Brake(null, clock, settings, listener);

        attempts(brake, 8, 50, false);

        assertThat(brake.rate()).isEqualTo(100);
        assertThat(braked).isEmpty();
    }

    @Test
    void settings_badValues_sayWhatWasExpected() {
        assertThatThrownBy(() -> Backfills.Settings.defaults().withRate(-1))
                .hasMessage("rate: -1.0 (expected: 0 for no limit, or more)");
        assertThatThrownBy(() -> Backfills.Settings.defaults().withConcurrency(0))
                .hasMessage("concurrency: 0 (expected: more than 0)");
        assertThatThrownBy(() -> Backfills.Settings.defaults().withLease(Duration.ZERO))
                .hasMessage("lease: PT0S (expected: more than 0)");
    }

    private static void attempts(Brake brake, int count, long millis, boolean error) {
        for (int i = 0; i < count; i++) {
            brake.record(Duration.ofMillis(millis), error);
        }
    }
}
