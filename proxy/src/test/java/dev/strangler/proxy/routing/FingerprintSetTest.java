package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

    @Test
    void everyKeyAdded_isFoundAgain_throughManyGrowths() {
        FingerprintSet set = new FingerprintSet();
        List<String> keys = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            String key = "user-" + random.nextLong();
            keys.add(key);
            set.add(key);
        }

        assertThat(keys).allMatch(set::mightContain);
        assertThat(set.size()).isBetween(199_990, 200_000);
    }

    @Test
    void keysNeverAdded_areAlmostAlwaysReportedAbsent() {
        FingerprintSet set = new FingerprintSet();
        for (int i = 0; i < 100_000; i++) {
            set.add("migrated-" + i);
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (set.mightContain("never-" + i)) {
                falsePositives++;
            }
        }

        // expected about 100 000 * 100 000 / 2^32, that is 2.3
        assertThat(falsePositives).isLessThan(20);
    }

    @Test
    void emptySet_containsNothing_andAnyKeyMayBeAdded() {
        FingerprintSet set = new FingerprintSet(0);

        assertThat(set.mightContain("")).isFalse();
        assertThat(set.add("")).isTrue();
        assertThat(set.add("")).isFalse();
        assertThat(set.mightContain("")).isTrue();
        assertThat(set.add("Zoë@example.com")).isTrue();
        assertThat(set.mightContain("Zoë@example.com")).isTrue();
        assertThat(set.size()).isEqualTo(2);
    }

    @Test
    void fingerprint_isNeverTheEmptySlot_andDependsOnEveryByte() {
        assertThat(FingerprintSet.fingerprint("ALFKI")).isNotZero().isNotEqualTo(FingerprintSet.fingerprint("ALFKJ"));
        assertThat(FingerprintSet.fingerprint("ALFKI")).isEqualTo(FingerprintSet.fingerprint("ALFKI"));
    }
}
