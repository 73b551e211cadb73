package dev.strangler.config.file;

import dev.strangler.config.Percent;
import dev.strangler.expression.InvalidExpressionException;
import dev.strangler.rules.Bucketing;
import dev.strangler.rules.Cohort;
import dev.strangler.rules.CohortCondition;
import dev.strangler.rules.PathPattern;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RouteTarget;
import dev.strangler.rules.RoutingConfig;
import dev.strangler.rules.Upstream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code routing:}: salt, anonymous, bucketing, route rules and cohorts, compiling patterns and conditions. */
final class RoutingReader {

    private static final Set<String> KEYS = Set.of("salt", "anonymous", "bucketing", "routes", "cohorts", "session");
    private static final Set<String> ROUTE = Set.of("id", "path", "methods", "headers", "host", "to",
            "compare");
    private static final Set<String> COHORT = Set.of("name", "users", "when", "percent", "groupId", "ramp");
    private static final Pattern METHOD = Pattern.compile("[A-Z]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[A-Za-z0-9.-]+");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private RoutingReader() {
    }

    static RoutingConfig read(ConfigNode node) {
        node.expectKeys(KEYS);
        Upstream anonymous = node.get("anonymous").choice(Upstream.class, Upstream.LEGACY, false);
        Bucketing bucketing = node.get("bucketing").choice(Bucketing.class, Bucketing.STRANGLER, false);
        List<RouteRule> routes = routes(node.get("routes"));
        List<Cohort> cohorts = cohorts(node.get("cohorts"));
        String salt = node.get("salt").text();
        if (salt == null && routes.stream().anyMatch(r -> r.to() == RouteTarget.ROLLOUT)) {
            node.get("salt").error("missing (required when a route rolls out; any fixed text, e.g. rollout-2026)");
        }
        return new RoutingConfig(salt == null ? "" : salt, anonymous, bucketing, routes, cohorts,
                SessionReader.read(node.get("session")));
    }

    private static List<RouteRule> routes(ConfigNode node) {
        List<RouteRule> routes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String catchAll = null;
        List<ConfigNode> items = node.items();
        for (int i = 0; i < items.size(); i++) {
            ConfigNode item = items.get(i);
            if (!item.expectKeys(ROUTE)) {
                continue;
            }
            ConfigNode idNode = item.get("id");
            String id = idNode.text() == null ? "routes[" + i + "]" : idNode.text();
            if (!ids.add(id)) {
                idNode.error(id + " (expected: an id not used by another route)");
            }
            PathPattern path = item.get("path").parsed(PathPattern::compile, null, true);
            RouteTarget to = item.get("to").choice(RouteTarget.class, null, true);
            Set<String> methods = new LinkedHashSet<>();
            ConfigNode methodsNode = item.get("methods");
            List<ConfigNode> methodItems = methodsNode.isScalar() ? List.of(methodsNode) : methodsNode.items();
            for (ConfigNode method : methodItems) {
                String text = method.requiredText();
                if (text != null && METHOD.matcher(text.trim().toUpperCase(Locale.ROOT)).matches()) {
                    methods.add(text.trim().toUpperCase(Locale.ROOT));
                } else if (text != null) {
                    method.error(text + " (expected: an HTTP method such as GET)");
                }
            }
            Map<String, String> headers = new HashMap<>();
            item.get("headers").entries().forEach((name, value) -> {
                String text = value.requiredText();
                if (!HEADER.matcher(name).matches()) {
                    value.error("'" + name + "' (expected: a header name)");
                } else if (text != null) {
                    headers.put(name.toLowerCase(Locale.ROOT), text);
                }
            });
            ConfigNode hostNode = item.get("host");
            String host = hostNode.text();
            if (host != null && !HOST.matcher(host).matches()) {
                hostNode.error(host + " (expected: a host name, or *.domain for its subdomains)");
            }
            if (catchAll != null) {
                item.error("never matches: " + catchAll + " before it matches every request");
            }
            if (path != null && to != null) {
                RouteRule rule = new RouteRule(id, path, List.copyOf(methods), headers, host, to);
                routes.add(rule);
                if (path.toString().equals("/**") && methods.isEmpty() && headers.isEmpty() && host == null) {
                    catchAll = id;
                }
            }
        }
        return routes;
    }

    private static List<Cohort> cohorts(ConfigNode node) {
        List<Cohort> cohorts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode item : node.items()) {
            if (!item.expectKeys(COHORT)) {
                continue;
            }
            ConfigNode nameNode = item.get("name");
            String name = nameNode.requiredText();
            if (name != null && !NAME.matcher(name).matches()) {
                nameNode.error(name + " (expected: letters, digits, _ . -; usable in URLs and metrics)");
            } else if (name != null && !names.add(name)) {
                nameNode.error(name + " (expected: a name not used by another cohort)");
            }
            Set<String> users = new LinkedHashSet<>();
            for (ConfigNode user : item.get("users").items()) {
                String key = user.requiredText();
                if (key != null) {
                    users.add(key);
                }
            }
            CohortCondition when = null;
            ConfigNode whenNode = item.get("when");
            String source = whenNode.text();
            if (source != null) {
                try {
                    when = CohortCondition.compile(source);
                } catch (InvalidExpressionException e) {
                    whenNode.expressionError(e);
                }
            }
            Percent percent = item.get("percent").parsed(Percent::parse, null, true);
            if (name != null && percent != null) {
                cohorts.add(new Cohort(name, users, when, percent, item.get("groupId").text()));
            }
        }
        return cohorts;
    }
}
