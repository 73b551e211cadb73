package dev.strangler.proxy.routing;

import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.rules.IdentityExtractor;
import dev.strangler.rules.WireText;
import java.util.List;

/**
 * Refuses a request whose user key could be read in more than one way, before it is routed: a key the proxy read
 * differently from the upstream would route, migrate and serve one user while the upstream acts for another.
 * Every identity field of the configuration is checked, whichever of them gives the key: a header or cookie value
 * must be UTF-8 bytes, a query value or a path segment percent-encoded UTF-8 ({@link WireText}).
 */
final class IdentityScreen {

    private static final Rejection NOT_UTF8 = Rejection.badRequest("Bad Request: user key is not UTF-8");

    private IdentityScreen() {
    }

    /** The reason to refuse the request, or null; {@code path} is the normalised path routing matches. */
    static Rejection check(RequestHead head, String path, List<IdentityExtractor> identity) {
        for (IdentityExtractor extractor : identity) {
            Rejection rejection = check(head, path, extractor);
            if (rejection != null) {
                return rejection;
            }
        }
        return null;
    }

    private static Rejection check(RequestHead head, String path, IdentityExtractor extractor) {
        if (extractor instanceof IdentityExtractor.Header header) {
            return fieldValues(head.headers().getAll(header.name()));
        }
        if (extractor instanceof IdentityExtractor.Cookie cookie) {
            return cookieValues(head, cookie.name());
        }
        if (extractor instanceof IdentityExtractor.Query query) {
            return queryValues(head.query(), query.name());
        }
        if (extractor instanceof IdentityExtractor.PathTemplate template) {
            return pathSegment(template.template().capture(path, "key"));
        }
        IdentityExtractor.Jwt jwt = (IdentityExtractor.Jwt) extractor;
        return jwt.header() != null ? fieldValues(head.headers().getAll(jwt.header())) : cookieValues(head, jwt.cookie());
    }

    private static Rejection fieldValues(List<String> values) {
        for (String value : values) {
            if (WireText.ofFieldValue(value) == null) {
                return NOT_UTF8;
            }
        }
        return null;
    }

    private static Rejection cookieValues(RequestHead head, String name) {
        Rejection[] rejection = new Rejection[1];
        CookieHeader.forEach(head.headers().getAll("Cookie"), (cookie, value) -> {
            if (cookie.equals(name) && rejection[0] == null && WireText.ofFieldValue(value) == null) {
                rejection[0] = NOT_UTF8;
            }
        });
        return rejection[0];
    }

    private static Rejection queryValues(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String field = WireText.ofPercentEncoded(equals < 0 ? pair : pair.substring(0, equals), true);
            if (name.equals(field) && equals >= 0
                    && WireText.ofPercentEncoded(pair.substring(equals + 1), true) == null) {
                return NOT_UTF8;
            }
        }
        return null;
    }

    private static Rejection pathSegment(String segment) {
        return segment != null && WireText.ofPercentEncoded(segment, false) == null ? NOT_UTF8 : null;
    }
}
