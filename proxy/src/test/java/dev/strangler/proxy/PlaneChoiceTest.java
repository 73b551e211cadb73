package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.proxy.metrics.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaneChoiceTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC(),
            false);

    @Test
    void withoutTheVariable_theVertxPlaneServes_andTheLogSaysSo() {
        assertThat(PlaneChoice.netty(Map.of(), log)).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("data_plane").contains("\"plane\":\"vertx\"");
    }

    @Test
    void netty_choosesTheNettyPlane_andTheLogNamesWhatItLacks() {
        assertThat(PlaneChoice.netty(Map.of("STRANGLER_DATA_PLANE", "Netty"), log)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"plane\":\"netty\"").contains("in-flight counts");
    }

    @Test
    void anotherName_isRefusedWithTheVariableAndTheChoices() {
        assertThatThrownBy(() -> PlaneChoice.netty(Map.of("STRANGLER_DATA_PLANE", "nginx"), log))
                .hasMessage("STRANGLER_DATA_PLANE: nginx (expected: vertx or netty)");
    }
}
