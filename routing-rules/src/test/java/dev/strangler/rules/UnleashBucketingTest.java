package dev.strangler.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unleash's client-specification vectors (github.com/Unleash/client-specification,
 * specifications/10-flexible-rollout-strategy.json and 03-gradual-rollout-user-id-strategy.json): with the same
 * group id, a proxy cohort selects exactly the users an Unleash flag does.
 */
class UnleashBucketingTest {

    @ParameterizedTest(name = "{0} / {1} at {2}%: {3}")
    @CsvSource(delimiter = '|', value = {
        "Feature.flexibleRollout.100          | 174 | 100 | true",
        "Feature.flexibleRollout.10           | 174 | 10  | true",
        "Feature.flexibleRollout.10           | 499 | 10  | false",
        "Feature.flexibleRollout.userId.55    | 25  | 55  | true",
        "Feature.flexibleRollout.sessionId.42 | 147 | 42  | true",
        "AB12A                                | 123 | 100 | true",
        "AB12A                                | 122 | 50  | true",
        "AB12A                                | 155 | 50  | false",
        "AB12A                                | 122 | 0   | false",
    })
    void clientSpecificationVectors(String groupId, String userId, int percent, boolean enabled) {
        int normalized = Bucketing.unleashNormalized(groupId, userId);
        assertThat(normalized).isBetween(1, 100);
        assertThat(normalized <= percent).isEqualTo(enabled);
    }
}
