package dev.strangler.config;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of {@code src/test/resources/config/broken} is a small valid configuration with one mistake. Its first
 * line says where the error must be reported: {@code # expect LINE PATH: MESSAGE-PREFIX}.
 */
class BrokenConfigCorpusTest {

    private static Path corpus() throws Exception {
        return Path.of(BrokenConfigCorpusTest.class.getResource("/config/broken").toURI());
    }

    static Stream<Path> brokenFiles() throws Exception {
        try (Stream<Path> files = Files.list(corpus())) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void corpus_hasAtLeastThirtyFiles() throws Exception {
        assertThat(brokenFiles().count()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void rejectedWithItsKeyPathAndLine(Path file) throws IOException {
        String header = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
        assertThat(header).startsWith("# expect ");
        String[] parts = header.substring("# expect ".length()).split(" ", 2);
        int line = Integer.parseInt(parts[0]);
        String expected = parts[1];

        LoadResult<StranglerConfig> result = ConfigLoader.load(file, Map.of());

        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        List<ConfigError> errors = ((LoadResult.Invalid<StranglerConfig>) result).errors();
        assertThat(errors).as(result.toString()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo(file.getFileName().toString());
            assertThat(error.line()).isEqualTo(line);
            assertThat(error.path() + ": " + error.message()).startsWith(expected);
        });
    }

    @Test
    void validBaseOfTheCorpus_loads() throws Exception {
        String broken = Files.readString(corpus().resolve("01-server-port-out-of-range.yaml"));
        String fixed = broken.replace("port: 70000", "port: 8080");
        assertThat(ConfigLoader.parse("base.yaml", fixed, Map.of())).isInstanceOf(LoadResult.Valid.class);
    }
}
