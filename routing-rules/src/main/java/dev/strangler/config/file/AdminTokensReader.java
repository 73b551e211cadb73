package dev.strangler.config.file;

import dev.strangler.config.AdminTokenConfig;
import dev.strangler.config.TokenScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code admin.tokens}: a list of {@code {name, scope, sha256}}, names unique (and not
 * {@value AdminTokenConfig#DEFAULT_NAME} when {@code admin.token} is given), hashes unique.
 */
final class AdminTokensReader {

    private static final Set<String> KEYS = Set.of("name", "scope", "sha256");

    private AdminTokensReader() {
    }

    static List<AdminTokenConfig> read(ConfigNode list, boolean defaultTokenGiven) {
        List<AdminTokenConfig> tokens = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> hashes = new HashMap<>();
        if (defaultTokenGiven) {
            names.put(AdminTokenConfig.DEFAULT_NAME, "admin.token");
        }
        for (ConfigNode item : list.items()) {
            if (!item.isMapping()) {
                item.error("expected a mapping {name, scope, sha256}");
                continue;
            }
            item.expectKeys(KEYS);
            ConfigNode nameNode = item.get("name");
            String name = nameNode.requiredText();
            if (name != null && !AdminTokenConfig.NAME.matcher(name).matches()) {
                nameNode.error(name + " (expected: 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit)");
                name = null;
            } else if (name != null && names.containsKey(name)) {
                nameNode.error(name + " (expected: a name no other token has; " + names.get(name) + " has it)");
                name = null;
            }
            TokenScope scope = item.get("scope").parsed(TokenScope::of, null, true);
            ConfigNode hashNode = item.get("sha256");
            String hash = hashNode.requiredText();
            if (hash != null && !hash.trim().matches("[0-9a-fA-F]{64}")) {
                hashNode.error("not a SHA-256 (expected: 64 hexadecimal digits, as strangler token hash prints)");
                hash = null;
            } else if (hash != null && hashes.containsKey(hash.trim().toLowerCase(Locale.ROOT))) {
                hashNode.error("the same hash as " + hashes.get(hash.trim().toLowerCase(Locale.ROOT))
                        + " (expected: a different secret for each token)");
                hash = null;
            }
            if (name != null) {
                names.put(name, item.path());
            }
            if (hash != null) {
                hashes.put(hash.trim().toLowerCase(Locale.ROOT), item.path());
            }
            if (name != null && scope != null && hash != null) {
                tokens.add(new AdminTokenConfig(name, scope, hash.trim()));
            }
        }
        return tokens;
    }
}
