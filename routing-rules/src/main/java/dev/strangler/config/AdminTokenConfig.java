package dev.strangler.config;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named admin token of the configuration file ({@code admin.tokens[]}; SPEC §12), given by the SHA-256 of the
 * secret only, so the file never holds a token in clear. {@code strangler token hash} prints the hash of a secret.
 *
 * @param name   the token's name, which the audit records as the actor ({@code name:}, 1 to 64 of
 *               {@code a-z 0-9 . _ -}, starting with a letter or digit, unique among all tokens)
 * @param scope  {@code read}, {@code operate} or {@code admin} ({@code scope:}, required)
 * @param sha256 the SHA-256 of the token as 64 hexadecimal digits ({@code sha256:}, required)
 */
public record AdminTokenConfig(String name, TokenScope scope, String sha256) {

    /** What a token's name may be, here and at runtime. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** The name of the token {@code admin.token} gives, with scope {@code admin}. */
    public static final String DEFAULT_NAME = "default";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    public AdminTokenConfig {
        Objects.requireNonNull(scope, "scope");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: " + name + " (expected: 1 to 64 of a-z 0-9 . _ -, starting"
                    + " with a letter or digit)");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256: expected 64 hexadecimal digits (strangler token hash prints"
                    + " them)");
        }
        sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
    }

    /** The hash as bytes. */
    public byte[] hash() {
        return HexFormat.of().parseHex(sha256);
    }

    @Override
    public String toString() {
        return "AdminToken[" + name + ", scope=" + scope + "]";
    }
}
