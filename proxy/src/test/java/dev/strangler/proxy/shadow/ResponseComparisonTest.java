package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.CompareConfig;
import dev.strangler.config.IgnoreRule;
import dev.strangler.config.Percent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What two answers differ in, field by field. */
class ResponseComparisonTest {

    private static CompareConfig compare(List<String> headers, String... ignore) {
        return new CompareConfig("r", Percent.ALL, List.of("GET"), Arrays.stream(ignore).map(IgnoreRule::parse)
                .toList(), headers, Duration.ofSeconds(1), false, false);
    }

    private static Captured answer(String type, String body) {
        return answer(200, Map.of("content-type", type), body, false);
    }

    private static Captured answer(int status, Map<String, String> headers, String body, boolean truncated) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            return new Captured(status, headers, bytes,
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes.length,
                    truncated);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"a":1,"b":2}                     | {"b":2,"a":1}                     |                            | ``
            {"a":1}                           | {"a":1.00}                        |                            | ``
            {"a":1}                           | {"a":2}                           |                            | $.a
            {"a":{"b":[1,2,3]}}               | {"a":{"b":[1,2]}}                 |                            | $.a.b[2]
            {"a":1}                           | {"a":1,"extra":true}              |                            | $.extra
            {"a":null}                        | {}                                |                            | $.a
            {"x y":1}                         | {"x y":2}                         |                            | $['x y']
            {"at":1,"n":{"etag":"a"}}         | {"at":2,"n":{"etag":"b"}}         | $.at;$..etag               | ``
            {"items":[{"p":1,"q":1}]}         | {"items":[{"p":2,"q":2}]}         | $.items[*].p               | $.items[0].q
            {"c":{"u":1,"v":1}}               | {"c":{"u":2,"v":2}}               | /c/u                       | $.c.v
            [1,"a"]                           | [1,"b"]                           |                            | $[1]
            """)
    void json_isComparedStructurallyWithTheIgnoreRules(String a, String b, String ignore, String fields) {
        CompareConfig config = compare(List.of("content-type"), ignore == null ? new String[0] : ignore.split(";"));

        assertThat(ResponseComparison.fields(config, answer("application/json", a), answer("application/json", b)))
                .isEqualTo(fields.isEmpty() ? List.of() : List.of(fields.split(";")));
    }

    @Test
    void text_isComparedAfterNormalisingBlanksAndLineEnds() {
        CompareConfig config = compare(List.of());

        assertThat(ResponseComparison.fields(config, answer("text/html", "<p>a  b</p>\r\n"),
                answer("text/html; charset=utf-8", " <p>a b</p>\n"))).isEmpty();
        assertThat(ResponseComparison.fields(config, answer("text/html", "<p>a</p>"), answer("text/html", "<p>b</p>")))
                .containsExactly("body");
    }

    @Test
    void otherBodies_andTruncatedOnes_areComparedByDigest() {
        CompareConfig config = compare(List.of());

        assertThat(ResponseComparison.fields(config, answer("image/png", "abc"), answer("image/png", "abc")))
                .isEmpty();
        assertThat(ResponseComparison.fields(config, answer("image/png", "abc"), answer("image/png", "abd")))
                .containsExactly("body");
        assertThat(ResponseComparison.fields(config,
                answer(200, Map.of("content-type", "application/json"), "{\"a\":1}", true),
                answer(200, Map.of("content-type", "application/json"), "{\"a\": 1}", true)))
                .containsExactly("body");
    }

    @Test
    void everyHeader_leavesOutTheOnesThatAlwaysDifferAndTheIgnoredOnes() {
        CompareConfig config = compare(List.of("*"), "header:ETag");
        Captured a = answer(200, Map.of("content-type", "text/plain", "date", "1", "x-served-by", "legacy",
                "etag", "1", "cache-control", "no-store"), "x", false);
        Captured b = answer(200, Map.of("content-type", "text/plain", "date", "2", "x-served-by", "modern",
                "etag", "2", "cache-control", "max-age=60"), "x", false);

        assertThat(ResponseComparison.fields(config, a, b)).containsExactly("header:cache-control");
    }

    @Test
    void status_isAField() {
        assertThat(ResponseComparison.fields(compare(List.of()), answer(200, Map.of(), "", false),
                answer(500, Map.of(), "", false))).containsExactly("status");
    }
}
