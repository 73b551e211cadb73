package dev.strangler.config.file;

import dev.strangler.rules.IdentityExtractor;
import dev.strangler.rules.JwtKeys;
import dev.strangler.rules.PathPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code identity:}, the ordered list of user-key extractors (SPEC §3.1). */
final class IdentityReader {

    private static final Set<String> KINDS = Set.of("header", "cookie", "query", "path", "jwt");
    private static final Set<String> JWT = Set.of("header", "cookie", "claim", "secret", "publicKey", "jwks",
            "issuer", "audience", "unverified");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private IdentityReader() {
    }

    static List<IdentityExtractor> read(ConfigNode node) {
        List<IdentityExtractor> extractors = new ArrayList<>();
        for (ConfigNode item : node.items()) {
            if (!item.expectKeys(KINDS)) {
                continue;
            }
            var present = item.entries();
            if (present.size() != 1) {
                item.error(present.size() + " kinds in one extractor (expected: exactly one of "
                        + "header, cookie, query, path, jwt)");
                continue;
            }
            var entry = present.entrySet().iterator().next();
            ConfigNode value = entry.getValue();
            IdentityExtractor extractor = switch (entry.getKey()) {
                case "header" -> {
                    String name = name(value);
                    yield name == null ? null : new IdentityExtractor.Header(name);
                }
                case "cookie" -> {
                    String name = name(value);
                    yield name == null ? null : new IdentityExtractor.Cookie(name);
                }
                case "query" -> {
                    String name = value.requiredText();
                    yield name == null ? null : new IdentityExtractor.Query(name);
                }
                case "path" -> value.parsed(text -> new IdentityExtractor.PathTemplate(PathPattern.compile(text)),
                        null, true);
                default -> jwt(value);
            };
            if (extractor != null) {
                extractors.add(extractor);
            }
        }
        return extractors;
    }

    private static String name(ConfigNode node) {
        String name = node.requiredText();
        if (name != null && !TOKEN.matcher(name).matches()) {
            node.error(name + " (expected: a header or cookie name without spaces or separators)");
            return null;
        }
        return name;
    }

    private static IdentityExtractor jwt(ConfigNode node) {
        if (!node.isMapping()) {
            node.error("expected a mapping (keys: " + String.join(", ", new java.util.TreeSet<>(JWT)) + ")");
            return null;
        }
        node.expectKeys(JWT);
        String cookie = node.get("cookie").isPresent() ? name(node.get("cookie")) : null;
        String header = node.get("header").isPresent() ? name(node.get("header"))
                : cookie == null ? "Authorization" : null;
        String claim = node.get("claim").text();
        boolean unverified = node.get("unverified").bool(false);
        JwtKeys keys = JwtKeys.NONE;
        int sources = 0;
        if (node.get("secret").isPresent()) {
            sources++;
            keys = node.get("secret").parsed(JwtKeys::secret, JwtKeys.NONE, true);
        }
        if (node.get("publicKey").isPresent()) {
            sources++;
            keys = node.get("publicKey").parsed(JwtKeys::publicKeyPem, JwtKeys.NONE, true);
        }
        String jwksUrl = null;
        if (node.get("jwks").isPresent()) {
            sources++;
            jwksUrl = node.get("jwks").parsed(text -> {
                if (!text.startsWith("https://")) {
                    throw new IllegalArgumentException(text + " (expected: an https:// URL)");
                }
                return text;
            }, null, true);
        }
        if (sources > 1) {
            node.error("more than one of secret, publicKey, jwks (expected: one)");
        } else if (sources == 0 && !unverified) {
            node.error("no key to verify tokens with (expected: secret, publicKey or jwks; or unverified: true)");
        } else if (sources == 1 && unverified) {
            node.get("unverified").error("true together with a key (expected: a key, or unverified: true alone)");
        }
        if (header == null && cookie == null) {
            return null;
        }
        return new IdentityExtractor.Jwt(header, cookie, claim == null ? "sub" : claim, keys, !unverified,
                node.get("issuer").text(), node.get("audience").text(), jwksUrl);
    }
}
