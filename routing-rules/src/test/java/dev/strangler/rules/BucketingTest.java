package dev.strangler.rules;

import dev.strangler.config.Percent;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BucketingTest {

    private static final int POPULATION = 1_000_000;

    @ParameterizedTest(name = "{0}:{1} -> {2} / {3}")
    @CsvSource(delimiter = '|', value = {
        "rollout-2026 | ALFKI           | 2287780709 | 709",
        "rollout-2026 | 42              | 1304350797 | 797",
        "rollout-2026 | user-1          | 3968635306 | 5306",
        "rollout-2026 | Zoë@example.com | 847441215  | 1215",
        "s            | u               | 2288683193 | 3193",
        "''           | x               | 845524973  | 4973",
        "low-risk     | 1000000         | 2395084250 | 4250",
        "default      | ANATR           | 89147708   | 7708",
    })
    void specReferenceValues_bitForBit(String salt, String key, long unsignedHash, int bucket) {
        assertThat(Bucketing.unsignedHash(salt + ":" + key)).isEqualTo(unsignedHash);
        assertThat(Bucketing.bucket(salt, key)).isEqualTo(bucket);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "ascii", "Zoë", "日本語のキー", "emoji 😀 key",
        "lone \uD800 surrogate", "end \uDBFF", "\uDC00 low first", "𝄞𝄞𝄞"})
    void bucketWithoutAllocation_hashesTheSameBytesAsGetBytes(String key) {
        assertThat(Bucketing.unsignedHash("salt", key)).isEqualTo(Bucketing.unsignedHash("salt:" + key));
        assertThat(Bucketing.unsignedHash(key.repeat(200), key)).isEqualTo(Bucketing.unsignedHash(key.repeat(200) + ":" + key));
    }

    @Test
    void tenPercentOfAMillionKeys_isTenPercentWithinHalfAPoint() {
        Percent tenPercent = Percent.parse("10");
        int inShare = 0;
        for (int i = 0; i < POPULATION; i++) {
            if (tenPercent.includes(Bucketing.bucket("rollout-2026", "user-" + i))) {
                inShare++;
            }
        }
        assertThat(inShare * 100.0 / POPULATION).isCloseTo(10.0, within(0.5));
    }

    @Test
    void raisingTenToTwentyFive_neverRemovesAUser() {
        Percent before = Percent.parse("10");
        Percent after = Percent.parse("25");
        BitSet modernBefore = new BitSet(POPULATION);
        int added = 0;
        for (int i = 0; i < POPULATION; i++) {
            int bucket = Bucketing.bucket("rollout-2026", Integer.toString(i));
            if (before.includes(bucket)) {
                modernBefore.set(i);
            }
        }
        for (int i = 0; i < POPULATION; i++) {
            boolean modernAfter = after.includes(Bucketing.bucket("rollout-2026", Integer.toString(i)));
            if (modernBefore.get(i)) {
                assertThat(modernAfter).as("user %d stays modern", i).isTrue();
            } else if (modernAfter) {
                added++;
            }
        }
        assertThat((modernBefore.cardinality() + added) * 100.0 / POPULATION).isCloseTo(25.0, within(0.5));
    }

    @Test
    void sameKey_alwaysGetsTheSameBucket() {
        for (int i = 0; i < POPULATION; i += 7) {
            String key = "customer-" + i;
            assertThat(Bucketing.bucket("s", key)).isEqualTo(Bucketing.bucket("s", new String(key.toCharArray())));
        }
    }

    @Test
    void bucketsSpreadOverTheWholeRange() {
        BitSet seen = new BitSet(10_000);
        for (int i = 0; i < 200_000; i++) {
            seen.set(Bucketing.bucket("rollout-2026", "k" + i));
        }
        assertThat(seen.cardinality()).isEqualTo(10_000);
    }
}
