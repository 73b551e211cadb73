package dev.strangler.rules;

import dev.strangler.expression.InvalidExpressionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CohortConditionTest {

    private static final RequestFacts REQUEST = new RequestFacts("POST", "/api/orders/7", "shop.example.com",
            Map.of("X-Country", "UK"), Map.of("beta", "1"), Map.of("lang", "en"), 0);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "request.headers['x-country'] == 'UK'          | true",
        "request.headers['x-region'] == 'EU'           | false",
        "'x-region' in request.headers                 | false",
        "request.method == 'POST'                      | true",
        "request.path.startsWith('/api/orders/')       | true",
        "request.host.endsWith('.example.com')         | true",
        "request.cookies['beta'] == '1'                | true",
        "request.query['lang'] in ['en', 'fr']         | true",
        "user.key.startsWith('test-')                  | true",
        "user.key.lower() == 'test-alfki'              | true",
        "user.key.size()                               | false",
    })
    void evaluates(String source, boolean expected) throws Exception {
        assertThat(CohortCondition.compile(source).test(REQUEST, "test-ALFKI")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"request.headers[", "row.x == 1", "user.key.nope()",
        "request.header['x'] == 'UK'", "user.id == '1'", "request.headers['a'] == 'b' || request.verb == 'GET'"})
    void compileErrors_areLoadTimeErrors(String source) {
        assertThatThrownBy(() -> CohortCondition.compile(source)).isInstanceOf(InvalidExpressionException.class);
    }

    @org.junit.jupiter.api.Test
    void unknownField_isReportedAtItsColumn() {
        assertThatThrownBy(() -> CohortCondition.compile("request.method == 'GET' && request.verb == 'x'"))
                .isInstanceOfSatisfying(InvalidExpressionException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(35);
                    assertThat(e.reason()).isEqualTo("unknown field 'verb' of request (expected one of: cookies,"
                            + " headers, host, method, path, query)");
                });
    }
}
