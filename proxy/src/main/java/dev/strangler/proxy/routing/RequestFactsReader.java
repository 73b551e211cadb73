package dev.strangler.proxy.routing;

import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.rules.IdentityExtractor;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RequestPath;
import dev.strangler.rules.WireText;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a request as the data plane sees it into the plain {@link RequestFacts} routing decides on: the path
 * normalised by {@link RequestPath} (a path that cannot be normalised safely is refused with 400, since the
 * upstream might read it differently from the rules), the first value of each header, the cookies and the query
 * parameters, header and cookie values read as UTF-8, and the time from the injected clock. A request whose user
 * key could be read in more than one way is refused ({@link IdentityScreen}).
 */
final class RequestFactsReader {

    private final Clock clock;

    RequestFactsReader(Clock clock) {
        this.clock = clock;
    }

    /** What reading a request gives: its facts, or the reason to refuse it. */
    sealed interface Read {
    }

    /** The request as routing sees it. */
    record Facts(RequestFacts facts) implements Read {
    }

    /** The request cannot be routed safely. */
    record Refused(Rejection rejection) implements Read {
    }

    /** The facts of the request, or the rejection it deserves; {@code identity} is the configuration's. */
    Read read(RequestHead head, List<IdentityExtractor> identity) {
        String target = head.uri();
        if (!target.startsWith("/")) {
            int authority = target.indexOf("://");
            int path = authority < 0 ? -1 : target.indexOf('/', authority + 3);
            target = path < 0 ? "/" : target.substring(path);
        }
        RequestPath.Result normalised = RequestPath.normalise(target);
        if (normalised instanceof RequestPath.Rejected) {
            return new Refused(Rejection.badRequest("Bad Request: invalid path"));
        }
        String path = ((RequestPath.Normal) normalised).path();
        Rejection ambiguous = IdentityScreen.check(head, path, identity);
        if (ambiguous != null) {
            return new Refused(ambiguous);
        }
        // Lower-cased here, once: RequestFacts then keeps the map as it is instead of copying it again to lower it.
        Map<String, String> headers = new HashMap<>(32);
        for (Map.Entry<String, String> header : head.headers()) {
            headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), text(header.getValue()));
        }
        return new Facts(new RequestFacts(head.method().name(), path, host(head.headers().get("Host")), headers,
                cookies(head.headers().getAll("Cookie")), query(head.query()), clock.instant().getEpochSecond()));
    }

    private static String host(String host) {
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        String name = colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
        return name.toLowerCase(Locale.ROOT);
    }

    static Map<String, String> cookies(List<String> headers) {
        if (headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> cookies = new HashMap<>();
        CookieHeader.forEach(headers, (name, value) -> cookies.putIfAbsent(name, text(value)));
        return cookies;
    }

    /**
     * A field value as text: its bytes read as UTF-8 (SPEC §3.1), or as sent when they are not UTF-8 (a header
     * no identity extractor reads may hold any bytes; the {@link IdentityScreen} refuses such a user key).
     */
    private static String text(String octets) {
        String text = WireText.ofFieldValue(octets);
        return text == null ? octets : text;
    }

    private static Map<String, String> query(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, String> first = new HashMap<>();
        new QueryStringDecoder(query, false).parameters().forEach((name, values) -> {
            if (!values.isEmpty()) {
                first.put(name, values.get(0));
            }
        });
        return first;
    }
}
