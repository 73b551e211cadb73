package dev.strangler.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of a route's {@code compare.ignore}: a part of both responses that shadow comparison leaves out. Three
 * forms:
 * <pre>
 * $.generatedAt        a JSON path from the root: .name, ['name'], [3], [*], .* ; ..name matches at any depth
 * $..etag              matches $.etag, $.items[2].etag, $.a.b.etag
 * /customer/updatedAt  a JSON pointer (RFC 6901; ~1 is /, ~0 is ~), a numeric segment also names an index
 * header:Date          the response header Date (any case)
 * </pre>
 * A JSON rule ignores the value it matches and everything under it: {@code $.customer} ignores
 * {@code $.customer.name}, not {@code $.customers}.
 *
 * @param source what was written, for reports and errors
 * @param header the header name, lower case, for {@code header:} rules; null for JSON rules
 * @param steps  the compiled path of a JSON rule; empty for header rules
 */
public record IgnoreRule(String source, String header, List<Step> steps) {

    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public IgnoreRule {
        Objects.requireNonNull(source, "source");
        steps = List.copyOf(steps);
    }

    /**
     * One step of a JSON rule: a key ({@code name}), an index ({@code index} at least 0), or any key or index
     * ({@code any}); {@code anyDepth} lets any number of steps come before it ({@code ..}).
     */
    public record Step(String name, int index, boolean any, boolean anyDepth) {

        boolean matches(Object step) {
            if (any) {
                return true;
            }
            if (step instanceof Integer position) {
                return index == position || name != null && name.equals(position.toString());
            }
            return name != null && name.equals(step);
        }
    }

    /**
     * Compiles one rule.
     *
     * @throws IllegalArgumentException saying what was expected, like
     *     {@code $.a[x] (expected: a JSON path such as $.generatedAt or $..etag, a JSON pointer such as /a/b, or
     *     header:NAME)}
     */
    public static IgnoreRule parse(String text) {
        String rule = text.trim();
        if (rule.regionMatches(true, 0, "header:", 0, 7)) {
            String name = rule.substring(7).trim();
            if (!HEADER.matcher(name).matches()) {
                throw new IllegalArgumentException(text + " (expected: header:NAME with a header name)");
            }
            return new IgnoreRule(rule, name.toLowerCase(Locale.ROOT), List.of());
        }
        if (rule.startsWith("/")) {
            return new IgnoreRule(rule, null, pointer(rule));
        }
        if (rule.startsWith("$") && rule.length() > 1) {
            List<Step> steps = path(rule, text);
            return new IgnoreRule(rule, null, steps);
        }
        throw invalid(text);
    }

    /** True for a header rule naming {@code name} (any case). */
    public boolean ignoresHeader(String name) {
        return header != null && header.equalsIgnoreCase(name);
    }

    /**
     * True when this JSON rule matches {@code path} or a path above it; each element of {@code path} is an object
     * key ({@link String}) or an array index ({@link Integer}), from the root.
     */
    public boolean ignores(List<Object> path) {
        return header == null && matches(0, path, 0);
    }

    private boolean matches(int step, List<Object> path, int at) {
        if (step == steps.size()) {
            return true;
        }
        Step current = steps.get(step);
        if (current.anyDepth()) {
            for (int k = at; k < path.size(); k++) {
                if (current.matches(path.get(k)) && matches(step + 1, path, k + 1)) {
                    return true;
                }
            }
            return false;
        }
        return at < path.size() && current.matches(path.get(at)) && matches(step + 1, path, at + 1);
    }

    private static List<Step> pointer(String rule) {
        List<Step> steps = new ArrayList<>();
        for (String raw : rule.substring(1).split("/", -1)) {
            String name = raw.replace("~1", "/").replace("~0", "~");
            steps.add(new Step(name, name.matches("0|[1-9][0-9]{0,8}") ? Integer.parseInt(name) : -1, false, false));
        }
        return steps;
    }

    private static List<Step> path(String rule, String text) {
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < rule.length()) {
            boolean anyDepth = false;
            char c = rule.charAt(i);
            if (c == '.') {
                i++;
                if (i < rule.length() && rule.charAt(i) == '.') {
                    anyDepth = true;
                    i++;
                }
                if (i < rule.length() && rule.charAt(i) == '[') {
                    c = '[';
                } else {
                    int end = i;
                    while (end < rule.length() && rule.charAt(end) != '.' && rule.charAt(end) != '[') {
                        end++;
                    }
                    String name = rule.substring(i, end);
                    if (name.isEmpty()) {
                        throw invalid(text);
                    }
                    steps.add(name.equals("*") ? new Step(null, -1, true, anyDepth)
                            : new Step(name, -1, false, anyDepth));
                    i = end;
                    continue;
                }
            }
            if (c != '[') {
                throw invalid(text);
            }
            int close = rule.indexOf(']', i);
            if (close < 0) {
                throw invalid(text);
            }
            String inside = rule.substring(i + 1, close).trim();
            if (inside.equals("*")) {
                steps.add(new Step(null, -1, true, anyDepth));
            } else if (inside.matches("0|[1-9][0-9]{0,8}")) {
                steps.add(new Step(null, Integer.parseInt(inside), false, anyDepth));
            } else if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                    || inside.startsWith("\"") && inside.endsWith("\""))) {
                steps.add(new Step(inside.substring(1, inside.length() - 1), -1, false, anyDepth));
            } else {
                throw invalid(text);
            }
            i = close + 1;
        }
        return steps;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(text + " (expected: a JSON path such as $.generatedAt or $..etag, a JSON"
                + " pointer such as /a/b, or header:NAME)");
    }

    @Override
    public String toString() {
        return source;
    }
}
