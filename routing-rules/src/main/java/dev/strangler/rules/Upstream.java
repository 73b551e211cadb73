package dev.strangler.rules;

/** The two systems behind the proxy. */
public enum Upstream {
    LEGACY,
    MODERN;

    /** The name used in configuration, metrics and the admin API: {@code legacy} or {@code modern}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
