package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code strangler token hash}: the SHA-256 an operator writes into {@code admin.tokens[].sha256}. */
class TokenHashCommandTest {

    @Test
    void tokenOnStandardInput_isPrintedAsItsSha256() {
        CliRun run = withInput("test\n", () -> CliRun.of("token", "hash"));

        assertThat(run.status()).isZero();
        assertThat(run.out().trim()).isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThat(run.out()).doesNotContain("test\n9f");
    }

    @Test
    void nothingOnStandardInput_isRefused() {
        CliRun run = withInput("", () -> CliRun.of("token", "hash"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("expected the token on standard input");
    }

    private static CliRun withInput(String input, java.util.function.Supplier<CliRun> command) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(original);
        }
    }
}
