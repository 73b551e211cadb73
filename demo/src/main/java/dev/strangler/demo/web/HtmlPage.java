package dev.strangler.demo.web;

/**
 * A page of a sample system: its banner and stylesheet around a body of HTML. Text from the database or the user
 * goes through {@link #escape}, always.
 */
public final class HtmlPage {

    private final SampleSystem system;
    private final String title;
    private final StringBuilder body = new StringBuilder();

    public HtmlPage(SampleSystem system, String title) {
        this.system = system;
        this.title = title;
    }

    /** Appends trusted markup. */
    public HtmlPage raw(String html) {
        body.append(html);
        return this;
    }

    /** Appends text, escaped. */
    public HtmlPage text(Object text) {
        body.append(escape(text));
        return this;
    }

    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + " - "
                + system.banner() + "</title><style>" + system.stylesheet() + "</style></head><body data-system=\""
                + system.id() + "\"><div class=\"banner\">" + system.banner() + "</div><main><h1>" + escape(title)
                + "</h1>" + body + "</main></body></html>\n";
    }

    /** The text with HTML's special characters replaced by entities; null becomes the empty string. */
    public static String escape(Object text) {
        if (text == null) {
            return "";
        }
        String s = text.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
