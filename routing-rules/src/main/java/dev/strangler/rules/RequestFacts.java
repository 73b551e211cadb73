package dev.strangler.rules;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What routing may know about a request: plain values, no HTTP-server types, so the decision is a pure function
 * that tests can feed directly.
 *
 * <p>The path must already be {@link RequestPath#normalise normalised}. Header names are compared in lower case;
 * for a repeated header or parameter, the caller passes the first value. Header and cookie values are text, read
 * from their bytes as UTF-8 ({@link WireText#ofFieldValue}); query values are percent-decoded UTF-8.
 */
public final class RequestFacts {

    private final String method;
    private final String path;
    private final String host;
    private final Map<String, String> headers;
    private final Map<String, String> cookies;
    private final Map<String, String> query;
    private final long epochSecond;

    /**
     * @param method      the HTTP method, upper case ({@code GET})
     * @param path        the normalised path ({@link RequestPath.Normal#path()})
     * @param host        the Host header without port, lower case; may be empty
     * @param headers     request headers (names in any case)
     * @param cookies     cookies by name
     * @param query       query parameters, decoded, first value each
     * @param epochSecond when the request arrived, for the expiry of JSON Web Tokens; the caller's clock
     */
    public RequestFacts(String method, String path, String host, Map<String, String> headers,
                        Map<String, String> cookies, Map<String, String> query, long epochSecond) {
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.host = host == null ? "" : host;
        this.headers = lowerCaseKeys(headers == null ? Map.of() : headers);
        this.cookies = cookies == null ? Map.of() : Map.copyOf(cookies);
        this.query = query == null ? Map.of() : Map.copyOf(query);
        this.epochSecond = epochSecond;
    }

    /** A request with only a method and a path, for tests and the admin API's what-if decisions. */
    public static RequestFacts of(String method, String path) {
        return new RequestFacts(method, path, "", Map.of(), Map.of(), Map.of(), 0);
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> headers) {
        boolean alreadyLower = true;
        for (String name : headers.keySet()) {
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                alreadyLower = false;
                break;
            }
        }
        if (alreadyLower) {
            return Map.copyOf(headers);
        }
        Map<String, String> lower = new HashMap<>(headers.size() * 2);
        headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        return Map.copyOf(lower);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String host() {
        return host;
    }

    /** Headers by lower-case name. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The header's value, by name in any case, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public Map<String, String> query() {
        return query;
    }

    public long epochSecond() {
        return epochSecond;
    }

    @Override
    public String toString() {
        return method + " " + host + path;
    }
}
