package dev.strangler.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The direct evaluation of common {@code when:} shapes must agree with CEL's interpreter on every input. */
class DirectConditionTest {

    private static final List<RequestFacts> REQUESTS = requests();

    private static List<RequestFacts> requests() {
        List<RequestFacts> requests = new ArrayList<>();
        for (String method : List.of("GET", "POST")) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("x-country", "UK"),
                    Map.of("x-country", "FR", "x-beta", "1"), Map.of("X-Country", "UK"))) {
                for (Map<String, String> cookies : List.of(Map.<String, String>of(), Map.of("beta", "1"))) {
                    requests.add(new RequestFacts(method, "/api/orders/7", "shop.example.com", headers, cookies,
                            Map.of("lang", "en"), 0));
                }
            }
        }
        return requests;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "request.headers['x-country'] == 'UK'",
        "request.headers['x-country'] != 'UK'",
        "'UK' == request.headers['x-country']",
        "request.headers['x-country'] == 'UK' || request.cookies['beta'] == '1'",
        "request.headers['x-country'] == 'UK' && request.cookies['beta'] == '1'",
        "!(request.headers['x-country'] == 'UK')",
        "'x-beta' in request.headers && request.headers['x-beta'] == '1'",
        "request.headers['x-country'] in ['UK', 'IE']",
        "request.method == 'POST' || request.headers['x-country'] == 'UK'",
        "request.method in ['GET', 'HEAD'] && request.path.startsWith('/api/')",
        "request.host.endsWith('.example.com') && user.key.contains('-')",
        "user.key.startsWith('test-') || request.query['lang'] == 'fr'",
        "request.query['missing'] == 'x' || true",
        "request.query['missing'] == 'x' && false",
        "!(request.query['missing'] == 'x')",
        "'beta' in request.cookies",
        "true",
        "false",
    })
    void agreesWithCel(String source) throws Exception {
        CohortCondition condition = CohortCondition.compile(source);
        assertThat(condition.isDirect()).as("evaluated directly").isTrue();
        for (RequestFacts request : REQUESTS) {
            for (String key : List.of("test-ALFKI", "ANATR")) {
                assertThat(condition.test(request, key)).as("%s for %s %s", source, request, key)
                        .isEqualTo(condition.testWithCel(request, key));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "request.headers['x-country'].matches('^U')",
        "size(request.headers) > 1",
        "request.headers.exists(h, h == 'x-beta')",
    })
    void otherShapes_areLeftToCel(String source) throws Exception {
        assertThat(CohortCondition.compile(source).isDirect()).isFalse();
    }
}
