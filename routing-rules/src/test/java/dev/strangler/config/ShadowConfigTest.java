package dev.strangler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code shadow:}, each route's {@code compare:} and each upstream's {@code ejection:}. */
class ShadowConfigTest {

    private static String spec() throws Exception {
        return Files.readString(ConfigLoaderTest.resource("spec-example.yaml"));
    }

    private static LoadResult<StranglerConfig> parse(String yaml) {
        return ConfigLoader.parse("strangler.yaml", yaml, ConfigLoaderTest.ENVIRONMENT);
    }

    private static String withRoute(String route) throws Exception {
        return spec().replace("    - { path: \"/assets/**\", to: legacy }\n", route);
    }

    @Test
    void compare_parsesEveryKey() throws Exception {
        StranglerConfig config = parse(withRoute("""
                    - id: assets
                      path: "/assets/**"
                      to: legacy
                      compare: { sample: 5%, methods: [get, HEAD], ignore: ["$.generatedAt", "$..etag", "header:Date"],
                                 headers: [Content-Type, ETag], timeout: 1500ms, compareOnly: true, noise: true }
                """) + "shadow: { concurrency: 4, keep: 7, maxBodySize: 8KB, retention: 2d, hashUserKeys: true }\n")
                .orElseThrow();

        CompareConfig compare = config.shadow().route("assets").orElseThrow();
        assertThat(compare.sample()).isEqualTo(Percent.parse("5"));
        assertThat(compare.methods()).containsExactly("GET", "HEAD");
        assertThat(compare.ignore()).extracting(IgnoreRule::source).containsExactly("$.generatedAt", "$..etag",
                "header:Date");
        assertThat(compare.headers()).containsExactly("content-type", "etag");
        assertThat(compare.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(compare.compareOnly()).isTrue();
        assertThat(compare.noise()).isTrue();
        assertThat(compare.ignoresHeader("DATE")).isTrue();
        assertThat(config.shadow()).extracting(ShadowConfig::concurrency, ShadowConfig::keep,
                ShadowConfig::maxBodySize, ShadowConfig::retention, ShadowConfig::hashUserKeys)
                .containsExactly(4, 7, 8192L, Duration.ofDays(2), true);
    }

    @Test
    void compare_defaults() throws Exception {
        StranglerConfig config = parse(withRoute("    - { path: \"/assets/**\", to: legacy, compare: { sample: 1 } }\n"))
                .orElseThrow();

        CompareConfig compare = config.shadow().route("routes[0]").orElseThrow();
        assertThat(compare.methods()).containsExactly("GET", "HEAD");
        assertThat(compare.headers()).containsExactly("content-type");
        assertThat(compare.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(compare.compareOnly()).isFalse();
        assertThat(config.shadow().route("routes[1]")).isEmpty();
        assertThat(config.shadow().concurrency()).isEqualTo(16);
    }

    @Test
    void noCompare_meansNoShadowing() throws Exception {
        assertThat(parse(spec()).orElseThrow().shadow().enabled()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            { sample: 5%, methods: [POST] }           | routing.routes[0].compare.methods[0]: POST (expected: a safe method
            { sample: 140 }                           | routing.routes[0].compare.sample: 140 (expected: 0..100)
            { methods: [GET] }                        | routing.routes[0].compare.sample: missing (required)
            { sample: 5, ignore: ["$.a[x]"] }         | routing.routes[0].compare.ignore[0]: $.a[x] (expected: a JSON path
            { sample: 5, ignore: ["header:"] }        | routing.routes[0].compare.ignore[0]: header: (expected: header:NAME
            { sample: 5, timeout: 0s }                | routing.routes[0].compare.timeout: 0s (expected: more than 0)
            { sample: 5, shadowed: true }             | routing.routes[0].compare.shadowed: unknown key
            """)
    void badCompare_isRefusedNamingLineAndKey(String compare, String expected) throws Exception {
        LoadResult<StranglerConfig> result = parse(withRoute("    - { path: \"/assets/**\", to: legacy, compare: "
                + compare + " }\n"));

        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        assertThat(((LoadResult.Invalid<StranglerConfig>) result).errors()).anySatisfy(error -> {
            assertThat(error.toString()).startsWith("strangler.yaml:");
            assertThat(error.path() + ": " + error.message()).startsWith(expected);
            assertThat(error.line()).isEqualTo(13);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            $.generatedAt        | generatedAt                | true
            $.generatedAt        | generatedAt.seconds        | true
            $.generatedAt        | generatedAtx               | false
            $.generatedAt        | inner.generatedAt          | false
            $..etag              | etag                       | true
            $..etag              | items.#2.etag              | true
            $..etag              | items.#2.etags             | false
            $.items[*].price     | items.#0.price             | true
            $.items[*].price     | items.#0.cost              | false
            $.items[1]           | items.#1.price             | true
            $.items[1]           | items.#0.price             | false
            $['a b'].c           | a b.c                      | true
            /customer/updatedAt  | customer.updatedAt         | true
            /customer/updatedAt  | customer.createdAt         | false
            /orders/0            | orders.#0                  | true
            /a~1b                | a/b                        | true
            $.*.id               | x.id                       | true
            $..*                 | anything                   | true
            """)
    void ignoreRule_matchesTheFieldAndEverythingUnderIt(String rule, String path, boolean ignored) {
        List<Object> steps = java.util.Arrays.stream(path.split("\\."))
                .map(step -> step.startsWith("#") ? (Object) Integer.valueOf(step.substring(1)) : step).toList();

        assertThat(IgnoreRule.parse(rule).ignores(steps)).as(rule + " on " + path).isEqualTo(ignored);
    }

    @Test
    void headerRule_ignoresNoField() {
        assertThat(IgnoreRule.parse("header:Date").ignores(List.of("Date"))).isFalse();
        assertThat(IgnoreRule.parse("header:Date").ignoresHeader("date")).isTrue();
    }

    @Test
    void unsafeMethod_isRefusedByTheRecordToo() {
        assertThatThrownBy(() -> new CompareConfig("r", Percent.ALL, List.of("DELETE"), List.of(), List.of(),
                Duration.ofSeconds(1), false, false)).hasMessageContaining("DELETE (expected: one of");
    }

    @Test
    void ejection_parsesAndDefaults() throws Exception {
        StranglerConfig config = parse(spec().replace(
                "modern: { url: \"http://127.0.0.1:8082\", timeout: 30s }",
                "modern: { url: \"http://127.0.0.1:8082\", timeout: 30s, ejection: { consecutiveFailures: 3,"
                        + " successRate: 80%, window: 20, interval: 2s, maxInterval: 1m, probes: 2 } }"))
                .orElseThrow();

        assertThat(config.upstreams().modern().ejection())
                .isEqualTo(new EjectionConfig(3, 80, 20, Duration.ofSeconds(2), Duration.ofMinutes(1), 2));
        assertThat(config.upstreams().legacy().ejection()).isNull();
        StranglerConfig defaults = parse(spec().replace("modern: { url: \"http://127.0.0.1:8082\", timeout: 30s }",
                "modern: { url: \"http://127.0.0.1:8082\", ejection: {} }")).orElseThrow();
        assertThat(defaults.upstreams().modern().ejection())
                .isEqualTo(new EjectionConfig(5, 0, 100, Duration.ofSeconds(10), Duration.ofMinutes(5), 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            { consecutiveFailures: 0 }               | upstreams.modern.ejection.consecutiveFailures: 0 (expected: an integer in 1..1000)
            { successRate: 120% }                    | upstreams.modern.ejection.successRate: 120% (expected: a percent
            { interval: 1m, maxInterval: 10s }       | upstreams.modern.ejection.maxInterval: 10s (expected: at least interval
            { after: 3 }                             | upstreams.modern.ejection.after: unknown key
            """)
    void badEjection_isRefusedNamingTheKey(String ejection, String expected) throws Exception {
        LoadResult<StranglerConfig> result = parse(spec().replace(
                "modern: { url: \"http://127.0.0.1:8082\", timeout: 30s }",
                "modern: { url: \"http://127.0.0.1:8082\", ejection: " + ejection + " }"));

        assertThat(((LoadResult.Invalid<StranglerConfig>) result).errors())
                .anySatisfy(error -> assertThat(error.path() + ": " + error.message()).startsWith(expected));
    }

    @Test
    void shadowSection_unknownKeyIsRefused() throws Exception {
        LoadResult<StranglerConfig> result = parse(spec() + "shadow: { keepAll: true }\n");

        assertThat(((LoadResult.Invalid<StranglerConfig>) result).errors())
                .anySatisfy(error -> assertThat(error.path()).isEqualTo("shadow.keepAll"));
    }
}
