package dev.strangler.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A compiled path pattern of a route rule or identity extractor, matched against a {@link RequestPath normalised}
 * path.
 *
 * <ul>
 *   <li>exact: {@code /login} matches {@code /login} only, not {@code /login/x} or {@code /logins};</li>
 *   <li>prefix: {@code /api/orders/**} matches {@code /api/orders}, {@code /api/orders/7/lines}, not
 *       {@code /api/ordersx}; {@code /**} matches everything;</li>
 *   <li>glob: {@code *} is any run of characters within one segment, {@code ?} one character, {@code **} any
 *       number of whole segments: {@code /static/*.css} matches {@code /static/site.css}, not
 *       {@code /static/a/site.css}; {@code /a/** /edit} (without the space) matches {@code /a/edit} and
 *       {@code /a/b/c/edit};</li>
 *   <li>template: {@code {name}} is exactly one non-empty segment, captured: {@code /api/customers/{key}/**}
 *       matches {@code /api/customers/ALFKI/orders} with {@code key = ALFKI}, not {@code /api/customers}.</li>
 * </ul>
 *
 * <p>Matching allocates nothing (it walks the path string); patterns are compiled and checked once, at load time.
 */
public final class PathPattern {

    private static final String ANY_SEGMENTS = "**";

    private final String source;
    private final String[] segments;
    private final Kind kind;
    private final String literal;

    private enum Kind { EXACT, PREFIX, GENERAL }

    private PathPattern(String source, String[] segments, Kind kind, String literal) {
        this.source = source;
        this.segments = segments;
        this.kind = kind;
        this.literal = literal;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException saying what is wrong, e.g.
     *     {@code /a/../b (expected: a path without . or .. segments)}
     */
    public static PathPattern compile(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException(pattern + " (expected: a path starting with /)");
        }
        if (pattern.equals("/")) {
            return new PathPattern(pattern, new String[0], Kind.EXACT, "/");
        }
        String[] parts = pattern.substring(1).split("/", -1);
        boolean literalOnly = true;
        List<String> variables = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException(pattern + " (expected: a path without empty, . or .. segments)");
            }
            if (part.indexOf('%') >= 0 || part.indexOf(';') >= 0 || part.indexOf('\\') >= 0) {
                throw new IllegalArgumentException(pattern
                        + " (expected: a decoded path without %, ; or \\; rules match normalised paths)");
            }
            if (part.startsWith("{") || part.endsWith("}")) {
                String name = part.length() > 2 && part.startsWith("{") && part.endsWith("}")
                        ? part.substring(1, part.length() - 1) : "";
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException(pattern + " (expected: {name} as a whole segment)");
                }
                if (variables.contains(name)) {
                    throw new IllegalArgumentException(pattern + " (expected: each {" + name + "} once)");
                }
                variables.add(name);
                literalOnly = false;
            } else if (part.contains(ANY_SEGMENTS) && !part.equals(ANY_SEGMENTS)) {
                throw new IllegalArgumentException(pattern + " (expected: ** as a whole segment)");
            } else if (part.indexOf('*') >= 0 || part.indexOf('?') >= 0 || part.indexOf('{') >= 0
                    || part.indexOf('}') >= 0) {
                if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
                    throw new IllegalArgumentException(pattern + " (expected: {name} as a whole segment)");
                }
                literalOnly = false;
            }
        }
        boolean prefix = parts[parts.length - 1].equals(ANY_SEGMENTS);
        boolean literalHead = true;
        for (int i = 0; i < parts.length - (prefix ? 1 : 0); i++) {
            if (!isLiteral(parts[i])) {
                literalHead = false;
            }
        }
        if (literalOnly) {
            return new PathPattern(pattern, parts, Kind.EXACT, pattern);
        }
        if (prefix && literalHead) {
            String head = "/" + String.join("/", java.util.Arrays.copyOf(parts, parts.length - 1));
            return new PathPattern(pattern, parts, Kind.PREFIX, head.equals("/") ? "" : head);
        }
        StringBuilder head = new StringBuilder();
        for (String part : parts) {
            if (!isLiteral(part) || part.equals(ANY_SEGMENTS)) {
                break;
            }
            head.append('/').append(part);
        }
        return new PathPattern(pattern, parts, Kind.GENERAL, head.append('/').toString());
    }

    private static boolean isLiteral(String part) {
        return part.indexOf('*') < 0 && part.indexOf('?') < 0 && part.indexOf('{') < 0;
    }

    /** True when the request's normalised path matches. */
    public boolean matches(RequestFacts request) {
        return matches(request.path());
    }

    /** True when the normalised {@code path} matches. */
    public boolean matches(String path) {
        return switch (kind) {
            case EXACT -> path.equals(literal);
            case PREFIX -> literal.isEmpty() || path.startsWith(literal)
                    && (path.length() == literal.length() || path.charAt(literal.length()) == '/');
            case GENERAL -> path.startsWith(literal) && match(0, path, firstSegment(path), null, null);
        };
    }

    /** The value of {@code {variable}} when the normalised {@code path} matches, else null. */
    public String capture(String path, String variable) {
        String[] captured = new String[1];
        if (kind == Kind.GENERAL && match(0, path, firstSegment(path), "{" + variable + "}", captured)) {
            return captured[0];
        }
        return null;
    }

    /** True when the pattern has a {@code {variable}} segment. */
    public boolean hasVariable(String variable) {
        for (String segment : segments) {
            if (segment.equals("{" + variable + "}")) {
                return true;
            }
        }
        return false;
    }

    private static int firstSegment(String path) {
        return path.length() <= 1 ? -1 : 1;
    }

    /**
     * Matches pattern segments from {@code p} against the path's segments from the one starting at index
     * {@code start} ({@code -1}: none left), walking the path string itself so that matching allocates nothing.
     */
    private boolean match(int p, String path, int start, String variable, String[] captured) {
        int at = start;
        for (int i = p; i < segments.length; i++) {
            String part = segments[i];
            if (part.equals(ANY_SEGMENTS)) {
                if (i == segments.length - 1) {
                    return true;
                }
                int skip = at;
                while (true) {
                    if (match(i + 1, path, skip, variable, captured)) {
                        return true;
                    }
                    if (skip < 0) {
                        return false;
                    }
                    int slash = path.indexOf('/', skip);
                    skip = slash < 0 ? -1 : slash + 1;
                }
            }
            if (at < 0) {
                return false;
            }
            int slash = path.indexOf('/', at);
            int end = slash < 0 ? path.length() : slash;
            if (part.charAt(0) == '{') {
                if (part.equals(variable)) {
                    captured[0] = path.substring(at, end);
                }
            } else if (!glob(part, path, at, end)) {
                return false;
            }
            at = slash < 0 ? -1 : slash + 1;
        }
        return at < 0;
    }

    /** Wildcard match of one segment, {@code text[from, to)}: {@code *} any run, {@code ?} one character. */
    static boolean glob(String pattern, String text, int from, int to) {
        int p = 0;
        int t = from;
        int star = -1;
        int mark = 0;
        while (t < to) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathPattern other && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }
}
