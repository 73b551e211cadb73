package dev.strangler.rules;

import java.util.Locale;
import java.util.Objects;

/**
 * One way of finding a request's user key (SPEC §3.1, {@code identity:}). Extractors are tried in order; the first
 * non-empty value wins, and a request with none is anonymous. Keys are text read by {@link WireText}'s one rule:
 * header and cookie values in {@link RequestFacts} are already UTF-8 text, path segments are decoded here.
 */
public sealed interface IdentityExtractor {

    /** The user key this extractor finds in the request, or null. */
    String extract(RequestFacts request);

    /** {@code header: X-User-Id}: the value of a request header; the name is kept in lower case. */
    record Header(String name) implements IdentityExtractor {
        public Header {
            name = name.toLowerCase(Locale.ROOT);
        }

        @Override
        public String extract(RequestFacts request) {
            return nonEmpty(request.headers().get(name));
        }

        @Override
        public String toString() {
            return "header " + name;
        }
    }

    /** {@code cookie: uid}: the value of a cookie. */
    record Cookie(String name) implements IdentityExtractor {
        public Cookie {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String extract(RequestFacts request) {
            return nonEmpty(request.cookies().get(name));
        }

        @Override
        public String toString() {
            return "cookie " + name;
        }
    }

    /** {@code query: user}: the value of a query parameter. */
    record Query(String name) implements IdentityExtractor {
        public Query {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String extract(RequestFacts request) {
            return nonEmpty(request.query().get(name));
        }

        @Override
        public String toString() {
            return "query " + name;
        }
    }

    /**
     * {@code path: /customers/{key}/**}: the {@code {key}} segment of a path template, percent-decoded as UTF-8
     * ({@code /customers/Zo%C3%AB/orders} gives {@code Zoë}); a segment whose bytes are not UTF-8 gives no key.
     */
    record PathTemplate(PathPattern template) implements IdentityExtractor {
        public PathTemplate {
            if (!template.hasVariable("key")) {
                throw new IllegalArgumentException(template + " (expected: a path template with {key})");
            }
        }

        @Override
        public String extract(RequestFacts request) {
            String segment = template.capture(request.path(), "key");
            return segment == null ? null : nonEmpty(WireText.ofPercentEncoded(segment, false));
        }

        @Override
        public String toString() {
            return "path " + template;
        }
    }

    /**
     * {@code jwt: {header: Authorization, claim: sub, ...}}: a claim of a JSON Web Token carried in a header
     * ({@code Bearer } prefix optional) or a cookie, after its signature, expiry ({@code exp}, {@code nbf}) and,
     * when configured, issuer and audience are verified.
     *
     * <p>Keys of the {@code jwt:} mapping: {@code header} (default {@code Authorization} unless {@code cookie} is
     * given), {@code cookie}, {@code claim} (default {@code sub}), and the verification: {@code secret} (HS256, at
     * least 32 characters), {@code publicKey} (a PEM RSA or P-256 key, RS256/ES256), {@code jwks} (an
     * {@code https://} URL of a JWKS document the proxy fetches; until then no token verifies), {@code issuer},
     * {@code audience}; or {@code unverified: true}, which reads the claim without any check and must be said
     * explicitly. One of {@code secret}, {@code publicKey}, {@code jwks} or {@code unverified: true} is required.
     *
     * @param jwksUrl the JWKS address the proxy fetches and hands over with {@link #withKeys}, or null
     */
    record Jwt(String header, String cookie, String claim, JwtKeys keys, boolean verify, String issuer,
               String audience, String jwksUrl) implements IdentityExtractor {
        public Jwt {
            Objects.requireNonNull(claim, "claim");
            Objects.requireNonNull(keys, "keys");
            header = header == null ? null : header.toLowerCase(Locale.ROOT);
            if (header == null && cookie == null) {
                throw new IllegalArgumentException("jwt: neither header nor cookie (expected: one of them)");
            }
        }

        /** The same extractor verifying with other keys. */
        public Jwt withKeys(JwtKeys newKeys) {
            return new Jwt(header, cookie, claim, newKeys, verify, issuer, audience, jwksUrl);
        }

        @Override
        public String extract(RequestFacts request) {
            String token = header != null ? request.headers().get(header) : request.cookies().get(cookie);
            if (token == null) {
                return null;
            }
            if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = token.substring(7);
            }
            return JwtClaims.claim(token.trim(), claim, keys, verify, issuer, audience, request.epochSecond());
        }

        @Override
        public String toString() {
            return "jwt " + claim + " from " + (header != null ? "header " + header : "cookie " + cookie)
                    + (verify ? "" : " (unverified)");
        }
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
