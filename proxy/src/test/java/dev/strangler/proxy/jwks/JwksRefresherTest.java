package dev.strangler.proxy.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JwksRefresherTest {

    @ParameterizedTest(name = "{0} -> {1} s")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "none                        | 300",
            "public, max-age=600         | 600",
            "max-age=0                   | 1",
            "max-age=86400, must-revalidate | 3600",
            "no-cache                    | 300",
            "max-age=soon                | 300"})
    void maxAge_isTheDocumentsLifetimeWithinBounds(String cacheControl, long seconds) {
        assertThat(JwksRefresher.maxAge(cacheControl)).isEqualTo(seconds);
    }
}
