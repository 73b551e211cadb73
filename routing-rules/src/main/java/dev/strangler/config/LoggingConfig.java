package dev.strangler.config;

/**
 * What logs may contain ({@code logging:}).
 *
 * @param hashUserKeys write a SHA-256 prefix of each user key in access and decision logs instead of the key
 *                     ({@code hashUserKeys:}, default false); the admin API still takes and shows real keys
 */
public record LoggingConfig(boolean hashUserKeys) {

    /** Every default. */
    public static final LoggingConfig DEFAULTS = new LoggingConfig(false);
}
