package dev.strangler.proxy.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.TokenScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointScopesTest {

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource({
            "GET, /admin/rollout, READ",
            "GET, /admin/users/ALFKI, READ",
            "HEAD, /admin/status, READ",
            "GET, /admin/tokens, ADMIN",
            "GET, /admin/tokens/ci, ADMIN",
            "GET, /admin/tokensmith, READ",
            "PUT, /admin/rollout/everyone, OPERATE",
            "DELETE, /admin/rollout/everyone, OPERATE",
            "PUT, /admin/rollout/everyone/extra, ADMIN",
            "PUT, /admin/users/ALFKI/pin, OPERATE",
            "DELETE, /admin/users/ALFKI/pin, OPERATE",
            "POST, /admin/users/ALFKI/migrate, OPERATE",
            "POST, /admin/users/ALFKI/dry-run, READ",
            "POST, /admin/users/ALFKI/rollback, ADMIN",
            "POST, /admin/users/A/B/migrate, ADMIN",
            "POST, /admin/migrations/retry, OPERATE",
            "POST, /admin/backfill/start, OPERATE",
            "POST, /admin/backfill/stop, OPERATE",
            "GET, /admin/ramps/everyone, READ",
            "POST, /admin/ramps/everyone/start, OPERATE",
            "POST, /admin/ramps/everyone/abort, OPERATE",
            "POST, /admin/ramps/everyone/skip, ADMIN",
            "POST, /admin/ramps/a/b/start, ADMIN",
            "POST, /admin/config/reload, ADMIN",
            "POST, /admin/tokens, ADMIN",
            "DELETE, /admin/tokens/ci, ADMIN",
            "POST, /admin/something-new, ADMIN",
            "PATCH, /admin/rollout/everyone, ADMIN",
    })
    void required(String method, String path, TokenScope scope) {
        assertThat(EndpointScopes.required(method, path)).isEqualTo(scope);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "READ, READ, true", "READ, OPERATE, false", "READ, ADMIN, false",
            "OPERATE, READ, true", "OPERATE, OPERATE, true", "OPERATE, ADMIN, false",
            "ADMIN, READ, true", "ADMIN, OPERATE, true", "ADMIN, ADMIN, true",
    })
    void covers(TokenScope scope, TokenScope required, boolean covers) {
        assertThat(scope.covers(required)).isEqualTo(covers);
    }

    @ParameterizedTest(name = "actor of header {0}")
    @CsvSource(value = {
            "NULL, token:ci",
            "'   ', token:ci",
            "alice, alice (token:ci)",
            "' bob ', bob (token:ci)",
            "'eve\tx', token:ci",
    }, nullValues = "NULL")
    void actor_isTheTokensNameAndThePersonIfGiven(String header, String actor) {
        assertThat(new Caller("ci", TokenScope.OPERATE).actor(header)).isEqualTo(actor);
    }
}
