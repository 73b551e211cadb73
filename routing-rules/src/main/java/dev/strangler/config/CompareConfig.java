package dev.strangler.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A route's shadow comparison ({@code routing.routes[i].compare:}): a sampled safe request is answered by its
 * primary side as usual and then, off the response path, sent to the other side marked
 * {@code X-Strangler-Shadow: 1}; the two answers are compared.
 *
 * <pre>
 * compare: { sample: 5%, methods: [GET, HEAD], ignore: ["$.generatedAt", "$..etag", "header:Date"], timeout: 2s }
 * </pre>
 *
 * @param route       the id of the route this belongs to
 * @param sample      the share of the route's requests compared ({@code sample:}, {@code 5%} or {@code 5},
 *                    required)
 * @param methods     the methods compared ({@code methods:}, default {@code [GET, HEAD]}); only safe methods
 *                    ({@code GET, HEAD, OPTIONS}) are accepted: a request that may change data is never sent twice
 * @param ignore      the parts of both answers left out ({@code ignore:}; see {@link IgnoreRule})
 * @param headers     the response headers compared, lower case ({@code headers:}, default
 *                    {@code [Content-Type]}; {@code "*"} compares every end-to-end header not ignored)
 * @param timeout     how long the shadow side may take ({@code timeout:}, default 2s); beyond, the result is
 *                    {@code error}
 * @param compareOnly {@code compareOnly: true} compares every sampled user, whatever their state: for routes whose
 *                    answers both systems can give for anyone (reference data, a catalogue). Otherwise only users
 *                    both systems can serve are compared: migrated users, whose legacy data is still readable
 * @param noise       {@code noise: true} sends the request to legacy a second time and treats the fields that
 *                    differ between the two legacy answers as noise, reported apart and never as mismatches (as
 *                    Diffy does)
 */
public record CompareConfig(String route, Percent sample, List<String> methods, List<IgnoreRule> ignore,
                            List<String> headers, Duration timeout, boolean compareOnly, boolean noise) {

    /** The methods that never change data, the only ones ever shadowed. */
    public static final List<String> SAFE_METHODS = List.of("GET", "HEAD", "OPTIONS");

    public CompareConfig {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(timeout, "timeout");
        methods = List.copyOf(methods);
        ignore = List.copyOf(ignore);
        headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        for (String method : methods) {
            if (!SAFE_METHODS.contains(method)) {
                throw new IllegalArgumentException(method + " (expected: one of " + SAFE_METHODS + ")");
            }
        }
    }

    /** True when requests of {@code method} (upper case) are compared. */
    public boolean compares(String method) {
        return methods.contains(method);
    }

    /** True when every header not ignored is compared ({@code headers: ["*"]}). */
    public boolean allHeaders() {
        return headers.contains("*");
    }

    /** True when {@code header} is left out by an {@code ignore: header:NAME} rule. */
    public boolean ignoresHeader(String header) {
        for (IgnoreRule rule : ignore) {
            if (rule.ignoresHeader(header)) {
                return true;
            }
        }
        return false;
    }

    /** True when a JSON field at {@code path} (keys and indexes from the root) is left out. */
    public boolean ignoresField(List<Object> path) {
        for (IgnoreRule rule : ignore) {
            if (rule.ignores(path)) {
                return true;
            }
        }
        return false;
    }

    /** Reads like the configuration. */
    @Override
    public String toString() {
        return route + ": compare " + sample + "% of " + methods + (ignore.isEmpty() ? "" : " ignoring " + ignore)
                + " within " + timeout + (compareOnly ? ", compare-only" : "") + (noise ? ", with noise" : "");
    }
}
