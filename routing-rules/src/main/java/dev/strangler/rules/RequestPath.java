package dev.strangler.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request path in the normalised form rules are matched against, so that no spelling of a path can escape the
 * rule it belongs to, and no path is routed under one rule while its upstream serves it under another.
 *
 * <p>Normalising: the query is dropped; percent-encoded unreserved characters are decoded ({@code %41} is
 * {@code A}) and other escapes are upper-cased; matrix parameters are removed from every segment
 * ({@code /a;jsessionid=1/b} is {@code /a/b}); empty segments are dropped ({@code //a} is {@code /a}). These
 * spellings leave every segment where it is, so the proxy forwards the path as sent and the upstream serves what
 * was routed.
 *
 * <p>Rejected (the proxy answers 400 without forwarding): a dot segment in any spelling ({@code /modern/../legacy},
 * {@code /modern/%2e%2e/legacy}, {@code /modern/..;/legacy}, {@code /./a}), because servers disagree on whether
 * and how to resolve it, so {@code /api/orders/7/..;/..;/..;/new-ui} could be routed as {@code /new-ui} and served
 * under {@code /api/orders/7/}; a fragment ({@code #}, never sent by a browser); an encoded slash, backslash or
 * semicolon ({@code %2F}, {@code %5C}, {@code %3B}), a raw backslash, an encoded NUL or control character, a
 * malformed escape, or a path not starting with {@code /}. Upstream servers disagree on what those mean, so no rule
 * can be trusted to have seen the same path.
 */
public final class RequestPath {

    private RequestPath() {
    }

    /** The outcome of normalising a raw request target. */
    public sealed interface Result {
    }

    /** A path rules can be matched against. */
    public record Normal(String path) implements Result {
    }

    /** A path the proxy must refuse. */
    public record Rejected(String reason) implements Result {
    }

    /** Normalises the path of a request target ({@code /a/b?q=1}). */
    public static Result normalise(String rawTarget) {
        if (rawTarget == null || rawTarget.isEmpty() || rawTarget.charAt(0) != '/') {
            return new Rejected("path does not start with /");
        }
        if (rawTarget.indexOf('#') >= 0) {
            return new Rejected("fragment in request target");
        }
        int query = rawTarget.indexOf('?');
        int end = query < 0 ? rawTarget.length() : query;
        String raw = rawTarget.substring(0, end);
        List<String> segments = new ArrayList<>();
        int start = 1;
        while (start <= raw.length()) {
            int slash = raw.indexOf('/', start);
            int stop = slash < 0 ? raw.length() : slash;
            String segment = raw.substring(start, stop);
            int semicolon = segment.indexOf(';');
            if (semicolon >= 0) {
                segment = segment.substring(0, semicolon);
            }
            StringBuilder decoded = new StringBuilder(segment.length());
            String problem = decode(segment, decoded);
            if (problem != null) {
                return new Rejected(problem);
            }
            String clean = decoded.toString();
            if (clean.equals("..") || clean.equals(".")) {
                return new Rejected("dot segment in path");
            }
            if (!clean.isEmpty()) {
                segments.add(clean);
            }
            start = stop + 1;
        }
        return new Normal("/" + String.join("/", segments));
    }

    /** Decodes unreserved escapes into {@code out}; returns why the segment is refused, or null. */
    private static String decode(String segment, StringBuilder out) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '\\') {
                return "backslash in path";
            }
            if (c < 0x20 || c == 0x7f) {
                return "control character in path";
            }
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= segment.length()) {
                return "malformed percent-escape in path";
            }
            int high = Character.digit(segment.charAt(i + 1), 16);
            int low = Character.digit(segment.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return "malformed percent-escape in path";
            }
            char value = (char) (high * 16 + low);
            if (value == '/' || value == '\\' || value == ';') {
                return "encoded slash, backslash or semicolon in path";
            }
            if (value < 0x20 || value == 0x7f) {
                return "encoded control character in path";
            }
            if (isUnreserved(value)) {
                out.append(value);
            } else {
                out.append('%').append(segment.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        return null;
    }

    private static boolean isUnreserved(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
