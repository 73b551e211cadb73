package dev.strangler.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which MariaDB server a test run gets: a container when a Docker engine answers, else the local binaries. */
class MariaDbServerTest {

    @Test
    void choose_usesAContainerWhenAnEngineAnswers() {
        assertThat(MariaDbServer.choose(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), () -> true, true))
                .isEqualTo(MariaDbServer.Kind.CONTAINER);
        assertThat(MariaDbServer.choose(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), () -> true, false))
                .isEqualTo(MariaDbServer.Kind.CONTAINER);
    }

    @Test
    void choose_fallsBackToTheLocalBinariesWithoutAnEngine() {
        assertThat(MariaDbServer.choose(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), () -> false, true))
                .isEqualTo(MariaDbServer.Kind.LOCAL);
    }

    @Test
    void choose_withNeither_isNone() {
        assertThat(MariaDbServer.choose(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), () -> false, false))
                .isEqualTo(MariaDbServer.Kind.NONE);
    }
}
