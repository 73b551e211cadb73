package dev.strangler.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/                              | /",
        "/api/orders                    | /api/orders",
        "/api/orders/                   | /api/orders",
        "/api/orders?x=1/../..          | /api/orders",
        "//api///orders                 | /api/orders",
        "/a;jsessionid=1/b;v=2          | /a/b",
        "/...                           | /...",
        "/.well-known/x                 | /.well-known/x",
        "/%41pi/%7euser                 | /Api/~user",
        "/caf%c3%a9                     | /caf%C3%A9",
        "/a%20b                         | /a%20b",
    })
    void normalise(String raw, String normal) {
        assertThat(RequestPath.normalise(raw)).isEqualTo(new RequestPath.Normal(normal));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource(delimiter = '|', value = {
        "/api/orders#frag",
        "/modern/../legacy",
        "/modern/%2e%2e/legacy",
        "/modern/%2E%2E/legacy",
        "/modern/.%2e/legacy",
        "/modern/..;/legacy",
        "/modern/..;jsessionid=x/legacy",
        "/./a/./b/.",
        "/a/.;x/b",
        "/../../etc/passwd",
        "/a/b/../../..",
        "/api/orders/7/..;/..;/..;/new-ui",
        "/modern/..%2flegacy",
        "/modern%2F..%2Flegacy",
        "/a%5c..%5cb",
        "/a\\..\\b",
        "/a%00b",
        "/a%0ab",
        "/a%3b/b",
        "/a%zz",
        "/a%2",
        "api/orders",
        "*",
    })
    void reject(String raw) {
        assertThat(RequestPath.normalise(raw)).isInstanceOf(RequestPath.Rejected.class);
    }
}
