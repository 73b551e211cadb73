package dev.strangler.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathPatternTest {

    /** A raw path the proxy refuses (a dot segment, an encoded slash) reaches no rule at all. */
    private static boolean matches(String pattern, String rawPath) {
        if (!(RequestPath.normalise(rawPath) instanceof RequestPath.Normal normal)) {
            return false;
        }
        return PathPattern.compile(pattern).matches(RequestFacts.of("GET", normal.path()));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // exact
        "/login                   | /login                       | true",
        "/login                   | /login/                      | true",
        "/login                   | /login/x                     | false",
        "/login                   | /logins                      | false",
        "/                        | /                            | true",
        "/                        | /a                           | false",
        // prefix
        "/api/orders/**           | /api/orders                  | true",
        "/api/orders/**           | /api/orders/7/lines          | true",
        "/api/orders/**           | /api/ordersx                 | false",
        "/api/orders/**           | /api                         | false",
        "/**                      | /anything/at/all             | true",
        "/**                      | /                            | true",
        // glob
        "/static/*.css            | /static/site.css             | true",
        "/static/*.css            | /static/a/site.css           | false",
        "/static/*.css            | /static/site.js              | false",
        "/static/v?/app.js        | /static/v2/app.js            | true",
        "/static/v?/app.js        | /static/v10/app.js           | false",
        "/a/**/edit               | /a/edit                      | true",
        "/a/**/edit               | /a/b/c/edit                  | true",
        "/a/**/edit               | /a/b/c/view                  | false",
        "/*/admin/**              | /shop/admin/users            | true",
        "/*/admin/**              | /admin                       | false",
        "/a/**/b/**/c             | /a/x/b/y/z/c                 | true",
        "/a/**/b/**/c             | /a/b/c                       | true",
        "/a/**/b/**/c             | /a/c/b                       | false",
        "/**/*.js                 | /js/app.js                   | true",
        "/**/*.js                 | /app.js                      | true",
        "/**/*.js                 | /                            | false",
        "/u/{key}                 | /u                           | false",
        "/u/{key}                 | /u/42/x                      | false",
        // template
        "/api/customers/{key}/**  | /api/customers/ALFKI/orders  | true",
        "/api/customers/{key}/**  | /api/customers/ALFKI         | true",
        "/api/customers/{key}/**  | /api/customers               | false",
        "/api/customers/{key}     | /api/customers/ALFKI/orders  | false",
        // escapes never reach a rule they should not (dot segments are refused before any rule)
        "/legacy/**               | /modern/../legacy/x          | false",
        "/modern/**               | /modern/../legacy/x          | false",
        "/modern/**               | /modern/%2e%2e/legacy        | false",
        "/modern/**               | /modern/..;/legacy           | false",
        "/modern/**               | //modern//x                  | true",
        "/admin/**                | /Admin                       | false",
        "/admin/**                | /%61dmin/x                   | true",
        "/admin/**                | /admin;x=1/users             | true",
        "/public/**               | /public/..;/admin            | false",
    })
    void matches(String pattern, String path, boolean expected) {
        assertThat(matches(pattern, path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} captures {2} from {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/customers/{key}/**     | /api/customers/ALFKI/orders | ALFKI",
        "/u/{key}                    | /u/42                       | 42",
        "/**/users/{key}/profile     | /x/y/users/7/profile        | 7",
    })
    void capture(String pattern, String path, String key) {
        assertThat(PathPattern.compile(pattern).capture(path, "key")).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0} is invalid")
    @CsvSource(delimiter = '|', value = {
        "api/orders", "/a/../b", "/a//b", "/a/./b", "/a/**x", "/a/{key", "/a/x{key}", "/{1x}", "/{k}/{k}",
        "/a%2Fb", "/a;b", "/a/",
    })
    void invalid(String pattern) {
        assertThatThrownBy(() -> PathPattern.compile(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected");
    }
}
