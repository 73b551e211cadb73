package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** Issue 15: {@code backfill --rate 100/s}, as the README writes it, is accepted, as are 100 and 6000/min. */
class RateConverterTest {

    @ParameterizedTest(name = "{0} -> {1}/s")
    @CsvSource({"100, 100", "100/s, 100", "6000/min, 100", "2/ms, 2000", "0, 0", "7200/h, 2", "2.5/s, 2.5"})
    void readsRatesPerSecond(String text, double perSecond) {
        assertThat(new RateConverter().convert(text)).isEqualTo(perSecond);
    }

    @ParameterizedTest(name = "backfill --rate {0}")
    @CsvSource({"100/s, 100", "6000/min, 100", "100, 100"})
    void backfillAcceptsTheReadmesSpelling(String text, double perSecond) {
        BackfillCommand backfill = new BackfillCommand();
        new CommandLine(backfill).parseArgs("--rate", text);
        assertThat(backfill.rate).isEqualTo(perSecond);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "100/week", "-5", ""})
    void refusesWhatIsNotARate(String text) {
        assertThatThrownBy(() -> new RateConverter().convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("100/s");
    }
}
