package dev.strangler.config.file;

import dev.strangler.config.CompareConfig;
import dev.strangler.config.IgnoreRule;
import dev.strangler.config.Percent;
import dev.strangler.config.ShadowConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code shadow:} and the {@code compare:} of each route under {@code routing.routes}. */
final class ShadowReader {

    private static final Set<String> KEYS = Set.of("concurrency", "keep", "maxBodySize", "retention",
            "hashUserKeys");
    private static final Set<String> COMPARE = Set.of("sample", "methods", "ignore", "headers", "timeout",
            "compareOnly", "noise");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+|\\*");

    private ShadowReader() {
    }

    static ShadowConfig read(ConfigNode shadow, ConfigNode routes, boolean hashUserKeysByDefault) {
        shadow.expectKeys(KEYS);
        ShadowConfig d = ShadowConfig.NONE;
        Map<String, CompareConfig> compared = new LinkedHashMap<>();
        List<ConfigNode> items = routes.isPresent() && !routes.isScalar() ? routes.items() : List.of();
        for (int i = 0; i < items.size(); i++) {
            ConfigNode item = items.get(i);
            if (!item.isMapping()) {
                continue;
            }
            String id = item.get("id").text() == null ? "routes[" + i + "]" : item.get("id").text();
            CompareConfig compare = compare(item.get("compare"), id);
            if (compare != null) {
                compared.put(id, compare);
            }
        }
        long maxBody = shadow.get("maxBodySize").parsed(ShadowReader::size, d.maxBodySize(), false);
        return new ShadowConfig(shadow.get("concurrency").integer(d.concurrency(), 1, 1024),
                shadow.get("keep").integer(d.keep(), 1, 10_000), maxBody,
                shadow.get("retention").positiveDuration(d.retention()),
                shadow.get("hashUserKeys").bool(hashUserKeysByDefault), compared);
    }

    private static CompareConfig compare(ConfigNode node, String route) {
        if (!node.isPresent() || !node.expectKeys(COMPARE)) {
            return null;
        }
        Percent sample = node.get("sample").parsed(text -> Percent.parse(text.trim().endsWith("%")
                ? text.trim().substring(0, text.trim().length() - 1) : text), null, true);
        List<String> methods = new ArrayList<>();
        ConfigNode methodsNode = node.get("methods");
        if (!methodsNode.isPresent()) {
            methods.addAll(List.of("GET", "HEAD"));
        }
        for (ConfigNode method : methodsNode.isScalar() ? List.of(methodsNode) : methodsNode.items()) {
            String text = method.requiredText();
            String upper = text == null ? null : text.trim().toUpperCase(Locale.ROOT);
            if (upper != null && CompareConfig.SAFE_METHODS.contains(upper)) {
                methods.add(upper);
            } else if (text != null) {
                method.error(text + " (expected: a safe method, one of " + CompareConfig.SAFE_METHODS
                        + "; a request that may change data is never shadowed)");
            }
        }
        List<IgnoreRule> ignore = new ArrayList<>();
        for (ConfigNode rule : node.get("ignore").items()) {
            IgnoreRule parsed = rule.parsed(IgnoreRule::parse, null, true);
            if (parsed != null) {
                ignore.add(parsed);
            }
        }
        Set<String> headers = new LinkedHashSet<>();
        ConfigNode headersNode = node.get("headers");
        if (!headersNode.isPresent()) {
            headers.add("content-type");
        }
        for (ConfigNode header : headersNode.items()) {
            String text = header.requiredText();
            if (text != null && HEADER.matcher(text.trim()).matches()) {
                headers.add(text.trim().toLowerCase(Locale.ROOT));
            } else if (text != null) {
                header.error(text + " (expected: a header name, or * for every header)");
            }
        }
        Duration timeout = node.get("timeout").positiveDuration(Duration.ofSeconds(2));
        boolean compareOnly = node.get("compareOnly").bool(false);
        boolean noise = node.get("noise").bool(false);
        if (sample == null) {
            return null;
        }
        return new CompareConfig(route, sample, new ArrayList<>(new LinkedHashSet<>(methods)), ignore,
                new ArrayList<>(headers), timeout, compareOnly, noise);
    }

    private static long size(String text) {
        String trimmed = text.trim().toUpperCase(Locale.ROOT);
        long unit = trimmed.endsWith("KB") ? 1024 : trimmed.endsWith("MB") ? 1024 * 1024 : 1;
        String digits = trimmed.replaceAll("(KB|MB|B)$", "").trim();
        if (!digits.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(text + " (expected: a size such as 65536, 64KB or 1MB)");
        }
        long value = Long.parseLong(digits) * unit;
        if (value < 1024 || value > 16L * 1024 * 1024) {
            throw new IllegalArgumentException(text + " (expected: from 1KB to 16MB)");
        }
        return value;
    }
}
