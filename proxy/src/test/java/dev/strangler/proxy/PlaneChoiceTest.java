package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.config.ProxyConfig.DataPlane;
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
    void withoutTheVariable_theConfiguredVertxPlaneServes_andTheLogSaysSo() {
        assertThat(PlaneChoice.netty(Map.of(), DataPlane.VERTX, log)).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("data_plane").contains("\"plane\":\"vertx\"")
                .contains("\"from\":\"proxy.dataPlane\"");
    }

    @Test
    void withoutTheVariable_theConfiguredNettyPlaneServes() {
        assertThat(PlaneChoice.netty(Map.of(), DataPlane.NETTY, log)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"plane\":\"netty\"")
                .contains("\"from\":\"proxy.dataPlane\"");
    }

    @Test
    void netty_choosesTheNettyPlane_andTheLogSaysWhereTheChoiceCameFrom() {
        assertThat(PlaneChoice.netty(Map.of("STRANGLER_DATA_PLANE", "Netty"), DataPlane.VERTX, log)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"plane\":\"netty\"")
                .contains("\"from\":\"STRANGLER_DATA_PLANE\"");
    }

    @Test
    void theVariable_overridesTheConfiguration() {
        assertThat(PlaneChoice.netty(Map.of("STRANGLER_DATA_PLANE", "vertx"), DataPlane.NETTY, log)).isFalse();
    }

    @Test
    void anotherName_isRefusedWithTheVariableAndTheChoices() {
        assertThatThrownBy(() -> PlaneChoice.netty(Map.of("STRANGLER_DATA_PLANE", "nginx"), DataPlane.VERTX, log))
                .hasMessage("STRANGLER_DATA_PLANE: nginx (expected: vertx or netty)");
    }
}
