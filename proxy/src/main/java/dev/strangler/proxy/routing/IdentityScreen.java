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
 * must be UTF-8 bytes, a query value or a path segment percent-encoded UTF-8 ({@link WireText}); and a field sent
 * more than once (two {@code X-User-Id} headers, {@code uid} twice in the cookies, {@code ?user=a&user=b}) must
 * carry one value each time, since routing takes the first and an upstream may take the last. Equal repeats pass.
 */
final class IdentityScreen {

    private static final Rejection NOT_UTF8 = Rejection.badRequest("Bad Request: user key is not UTF-8");
    private static final Rejection AMBIGUOUS = Rejection.badRequest("Bad Request: user key given twice");

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
            String segment = template.template().capture(path, "key");
            return segment == null ? null : new Values().add(WireText.ofPercentEncoded(segment, false));
        }
        IdentityExtractor.Jwt jwt = (IdentityExtractor.Jwt) extractor;
        return jwt.header() != null ? fieldValues(head.headers().getAll(jwt.header()))
                : cookieValues(head, jwt.cookie());
    }

    private static Rejection fieldValues(List<String> values) {
        Values seen = new Values();
        for (String value : values) {
            Rejection rejection = seen.add(WireText.ofFieldValue(value));
            if (rejection != null) {
                return rejection;
            }
        }
        return null;
    }

    private static Rejection cookieValues(RequestHead head, String name) {
        Values seen = new Values();
        Rejection[] rejection = new Rejection[1];
        CookieHeader.forEach(head.headers().getAll("Cookie"), (cookie, value) -> {
            if (cookie.equals(name) && rejection[0] == null) {
                rejection[0] = seen.add(WireText.ofFieldValue(value));
            }
        });
        return rejection[0];
    }

    private static Rejection queryValues(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        Values seen = new Values();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String field = WireText.ofPercentEncoded(equals < 0 ? pair : pair.substring(0, equals), true);
            if (name.equals(field)) {
                Rejection rejection = seen.add(equals < 0 ? "" : WireText.ofPercentEncoded(pair.substring(equals + 1),
                        true));
                if (rejection != null) {
                    return rejection;
                }
            }
        }
        return null;
    }

    /** The values one identity field was given so far: all must be text, and all the same. */
    private static final class Values {

        private String first;

        /** Takes the next value ({@code null}: its bytes were not text); the reason to refuse, or null. */
        Rejection add(String text) {
            if (text == null) {
                return NOT_UTF8;
            }
            if (first == null) {
                first = text;
                return null;
            }
            return first.equals(text) ? null : AMBIGUOUS;
        }
    }
}
