package dev.strangler.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentTest {

    @ParameterizedTest(name = "{0} = {1} basis points")
    @CsvSource({"0, 0", "100, 10000", "12.5, 1250", "12.50, 1250", "0.01, 1", "99.99, 9999", "5, 500"})
    void parse(String text, int basisPoints) {
        assertThat(Percent.parse(text).basisPoints()).isEqualTo(basisPoints);
        assertThat(Percent.parse(Percent.parse(text).toString())).isEqualTo(Percent.parse(text));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @ValueSource(strings = {"140", "-1", "100.01", "12.345", "ten", "", "1e5"})
    void reject(String text) {
        assertThatThrownBy(() -> Percent.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected");
    }

    @ParameterizedTest(name = "bucket {0} in {1}%: {2}")
    @CsvSource({"709, 7.09, false", "709, 7.1, true", "0, 0.01, true", "0, 0, false", "9999, 100, true"})
    void includes(int bucket, String percent, boolean in) {
        assertThat(Percent.parse(percent).includes(bucket)).isEqualTo(in);
    }
}
