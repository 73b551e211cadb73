package dev.strangler.proxy.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A page being written: literal markup through {@link #raw}, every value through {@link #text} (escaped for element
 * content and quoted attribute values alike), so nothing read from a database, a plan or a request reaches the page
 * unescaped.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(8192);

    /** Markup written by the console itself, never a value. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** A value, escaped; null is written as nothing. */
    Html text(Object value) {
        out.append(escape(value == null ? "" : String.valueOf(value)));
        return this;
    }

    /** A hidden form field carrying the session's CSRF token. */
    Html csrf(ConsoleSession session) {
        return raw("<input type=\"hidden\" name=\"csrf\" value=\"").text(session.csrf()).raw("\">");
    }

    /** {@code <tag>value</tag>}, the value escaped. */
    Html element(String tag, Object value) {
        return raw("<" + tag + ">").text(value).raw("</" + tag + ">");
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A query parameter's value, percent-encoded (then escaped like any value when written). */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
