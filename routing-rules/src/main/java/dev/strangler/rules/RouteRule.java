package dev.strangler.rules;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One entry of {@code routing.routes}: what it matches and where it sends. Rules are tried in order and the first
 * that matches wins; a request matching none goes to legacy.
 *
 * @param id      the rule's name in decisions, logs and metrics ({@code id:}; default {@code routes[i]})
 * @param path    the path pattern ({@code path:}); see {@link PathPattern} for exact, prefix, glob and template
 * @param methods the methods matched, upper case, without repeats ({@code methods: [GET, HEAD]}); empty matches
 *                every method
 * @param headers header name (lower case) to required value ({@code headers: {x-beta: "1"}}); the value
 *                {@code "*"} only requires the header to be present; empty matches every request
 * @param host    the Host matched, lower case ({@code host:}), exactly or as {@code *.example.com} for any
 *                subdomain; null matches every host
 * @param to      where matching requests go ({@code to: legacy | modern | rollout})
 */
public record RouteRule(String id, PathPattern path, List<String> methods, Map<String, String> headers, String host,
                        RouteTarget to) {

    public RouteRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(to, "to");
        methods = List.copyOf(new LinkedHashSet<>(methods));
        headers = Map.copyOf(headers);
        host = host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    /** True when the request matches every condition of this rule. */
    public boolean matches(RequestFacts request) {
        if (!methods.isEmpty() && !matchesMethod(request.method())) {
            return false;
        }
        if (host != null && !hostMatches(request.host())) {
            return false;
        }
        if (!path.matches(request)) {
            return false;
        }
        if (!headers.isEmpty()) {
            for (Map.Entry<String, String> required : headers.entrySet()) {
                String actual = request.headers().get(required.getKey());
                if (actual == null || !required.getValue().equals("*") && !required.getValue().equals(actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean matchesMethod(String method) {
        for (int i = 0; i < methods.size(); i++) {
            if (methods.get(i).equals(method)) {
                return true;
            }
        }
        return false;
    }

    private boolean hostMatches(String requestHost) {
        if (host.startsWith("*.")) {
            return requestHost.length() > host.length() - 1
                    && requestHost.regionMatches(true, requestHost.length() - (host.length() - 1), host, 1,
                    host.length() - 1);
        }
        return host.equalsIgnoreCase(requestHost);
    }

    /** Reads like the configuration: {@code api-orders: GET /api/orders/** -> rollout}. */
    @Override
    public String toString() {
        return id + ": " + (methods.isEmpty() ? "" : String.join(",", methods) + " ")
                + (host == null ? "" : host) + path + (headers.isEmpty() ? "" : " " + headers)
                + " -> " + to.name().toLowerCase(Locale.ROOT);
    }
}
