package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Map;

/**
 * Refuses requests that two HTTP parsers could read differently, so that nothing ambiguous reaches an upstream
 * (request smuggling, SPEC §9). Netty's decoder already refuses what it cannot parse (long lines, bad chunk sizes,
 * {@code Content-Length} beside {@code Transfer-Encoding}); this screen checks what the decoder lets through:
 * a {@code Transfer-Encoding} other than a single {@code chunked}, repeated or non-numeric
 * {@code Content-Length}, a missing or repeated {@code Host}, a method that is not a token, a fragment
 * ({@code #}), a control character or a malformed escape in the request target, an expectation other than
 * {@code 100-continue} (417), an absolute-form target for another host, header
 * names and values with characters HTTP does not allow, and bodies over the configured limit.
 */
public final class RequestScreen {

    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private final long maxBodyBytes;

    public RequestScreen(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The reason to refuse this request, or null when it may be forwarded. */
    Rejection check(HttpServerRequest request) {
        if (request.decoderResult().isFailure()) {
            return Rejection.badRequest("Bad Request");
        }
        return check(request.method().name(), request.uri(), request.version() == HttpVersion.HTTP_1_1,
                request.version() == HttpVersion.HTTP_1_0, request.headers());
    }

    /**
     * The reason to refuse a request the decoder parsed, or null when it may be forwarded: both data planes screen
     * through here (the Netty plane with its headers seen as a {@link MultiMap}).
     *
     * @param http11 the request says {@code HTTP/1.1}
     * @param http10 the request says {@code HTTP/1.0}
     */
    public Rejection check(String method, String uri, boolean http11, boolean http10, MultiMap headers) {
        if (!http11 && !http10) {
            return Rejection.badRequest("Bad Request");
        }
        if (!isToken(method)) {
            return Rejection.badRequest("Bad Request: invalid method");
        }
        Rejection rejection = checkTarget(uri);
        if (rejection != null) {
            return rejection;
        }
        rejection = checkFields(headers);
        if (rejection == null) {
            rejection = checkHost(method, uri, http11, headers);
        }
        if (rejection == null) {
            rejection = checkFraming(http11, headers);
        }
        if (rejection == null) {
            rejection = checkExpect(headers);
        }
        return rejection;
    }

    /** A target with a fragment, a control character or a malformed escape reads differently to every server. */
    private static Rejection checkTarget(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '#') {
                return Rejection.badRequest("Bad Request: fragment in request target");
            }
            if (c <= 0x20 || c == 0x7f) {
                return Rejection.badRequest("Bad Request: control character in request target");
            }
            if (c == '%' && (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0
                    || Character.digit(uri.charAt(i + 2), 16) < 0)) {
                return Rejection.badRequest("Bad Request: malformed escape in request target");
            }
        }
        return null;
    }

    /** The only expectation HTTP/1.1 defines is {@code 100-continue}; any other is answered 417 (RFC 9110 §10.1.1). */
    private static Rejection checkExpect(MultiMap headers) {
        List<String> expect = headers.getAll(HttpHeaders.EXPECT);
        if (expect.isEmpty() || (expect.size() == 1 && "100-continue".equalsIgnoreCase(expect.get(0).trim()))) {
            return null;
        }
        return new Rejection(417, "Expectation Failed");
    }

    private static Rejection checkFields(MultiMap headers) {
        return hasInvalidField(headers) ? Rejection.badRequest("Bad Request: invalid header") : null;
    }

    /** True when a header name is not a token or a value holds a control character. */
    static boolean hasInvalidField(MultiMap headers) {
        for (Map.Entry<String, String> header : headers) {
            if (!isToken(header.getKey()) || !isFieldValue(header.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static Rejection checkHost(String method, String uri, boolean http11, MultiMap headers) {
        List<String> hosts = headers.getAll(HttpHeaders.HOST);
        if (hosts.size() > 1 || (hosts.isEmpty() && http11)) {
            return Rejection.badRequest("Bad Request: exactly one Host header is required");
        }
        String host = hosts.isEmpty() ? null : hosts.get(0);
        if (host != null && !isAuthority(host)) {
            return Rejection.badRequest("Bad Request: invalid Host");
        }
        if (uri.startsWith("/") || ("*".equals(uri) && method.equals("OPTIONS"))) {
            return null;
        }
        String target = absoluteFormAuthority(uri);
        if (target == null || host == null || !target.equalsIgnoreCase(host)) {
            return Rejection.badRequest("Bad Request: request target does not match Host");
        }
        return null;
    }

    private Rejection checkFraming(boolean http11, MultiMap headers) {
        List<String> encodings = headers.getAll(HttpHeaders.TRANSFER_ENCODING);
        List<String> lengths = headers.getAll(HttpHeaders.CONTENT_LENGTH);
        if (!encodings.isEmpty()) {
            if (encodings.size() != 1 || !"chunked".equalsIgnoreCase(encodings.get(0))
                    || !http11) {
                return Rejection.badRequest("Bad Request: unsupported Transfer-Encoding");
            }
            if (!lengths.isEmpty()) {
                return Rejection.badRequest("Bad Request: Content-Length with Transfer-Encoding");
            }
            return null;
        }
        if (lengths.isEmpty()) {
            return null;
        }
        if (lengths.size() != 1 || !isDigits(lengths.get(0))) {
            return Rejection.badRequest("Bad Request: invalid Content-Length");
        }
        if (maxBodyBytes > 0 && (lengths.get(0).length() > 18 || Long.parseLong(lengths.get(0)) > maxBodyBytes)) {
            return new Rejection(413, "Content Too Large");
        }
        return null;
    }

    static String absoluteFormAuthority(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            return null;
        }
        String scheme = uri.substring(0, schemeEnd);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return null;
        }
        int start = schemeEnd + 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(start, end);
        return authority.isEmpty() || authority.indexOf('@') >= 0 ? null : authority;
    }

    static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 128 || !TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAuthority(String host) {
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~:[]!$&'()*+,;=%".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
