package dev.strangler.demo.web;

/**
 * Which of the two sample systems is answering, and how it looks. Every response says it three ways: the
 * {@code X-Served-By} header (for tests and curl), the {@code "system"} field of JSON bodies, and a banner on
 * pages that a person cannot miss (the legacy one is grey and dated, the modern one is bright and clean).
 */
public enum SampleSystem {

    LEGACY("legacy", "Legacy Northwind", false, """
            body { font-family: 'Times New Roman', serif; background: #d4d0c8; color: #000; margin: 0; }
            .banner { background: #000080; color: #fff; padding: 6px 12px; font: bold 20px 'Courier New', monospace; }
            main { padding: 8px 16px; } table { border: 2px outset #fff; border-collapse: collapse; }
            td, th { border: 1px inset #808080; padding: 2px 6px; } input, button { font-family: inherit; }
            """),

    MODERN("modern", "Modern Northwind", true, """
            body { font-family: system-ui, sans-serif; background: #f6f8fb; color: #1d2433; margin: 0; }
            .banner { background: linear-gradient(90deg, #0e9f6e, #3f83f8); color: #fff; padding: 18px 32px;
                      font-size: 24px; font-weight: 600; letter-spacing: .02em; }
            main { padding: 24px 32px; max-width: 960px; } table { border-collapse: collapse; width: 100%; }
            td, th { border-bottom: 1px solid #e5e7eb; padding: 8px; text-align: left; }
            input, button { font: inherit; padding: 6px 10px; border-radius: 6px; border: 1px solid #cbd5e1; }
            button { background: #3f83f8; color: #fff; border: none; }
            """);

    /** The response header naming the system that served a request. */
    public static final String SERVED_BY = "X-Served-By";

    private final String id;
    private final String banner;
    private final boolean hasEmail;
    private final String stylesheet;

    SampleSystem(String id, String banner, boolean hasEmail, String stylesheet) {
        this.id = id;
        this.banner = banner;
        this.hasEmail = hasEmail;
        this.stylesheet = stylesheet;
    }

    /** {@code legacy} or {@code modern}: the header value and the JSON {@code system} field. */
    public String id() {
        return id;
    }

    public String banner() {
        return banner;
    }

    /** The system's session cookie, set at sign-in: {@code JSESSIONID} on legacy, {@code SESSION} on modern. */
    public String sessionCookie() {
        return this == LEGACY ? "JSESSIONID" : "SESSION";
    }

    /** Whether the system stores an e-mail address (legacy Northwind has no column for one). */
    public boolean hasEmail() {
        return hasEmail;
    }

    public String stylesheet() {
        return stylesheet;
    }
}
