package dev.strangler.config.file;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The version of a migration plan: the SHA-256 of the {@code migration:} section's canonical form, in hex.
 *
 * <p>The canonical form is the section's tree after {@code ${VAR}} substitution with mapping keys sorted and
 * scalars as their text, so comments, indentation, quoting and key order do not change the version, while any
 * change to a statement, rule, mapping or timing does. The database addresses ({@code legacy}, {@code modern}) are
 * left out: they say where the data is, not how it moves, and they may carry passwords that a hash in every
 * ledger entry must not help to guess. So are the {@code ledger} settings: what the ledger keeps is not how data
 * moves, and changing it must not make verify report every user as migrated by another plan. Nor are the
 * {@code admission} and the {@code markDelay}: they say how fast and when, not how data moves.
 */
final class PlanVersion {

    private static final Set<String> EXCLUDED = Set.of("legacy", "modern", "admission", "ledger", "markDelay");

    private PlanVersion() {
    }

    static String of(ConfigNode section) {
        StringBuilder canonical = new StringBuilder();
        render(section.yaml(), canonical, true);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void render(YamlNode node, StringBuilder out, boolean top) {
        if (node instanceof YamlNode.Scalar scalar) {
            if (scalar.text() == null) {
                out.append("null");
            } else {
                quote(scalar.text(), out);
            }
        } else if (node instanceof YamlNode.Sequence sequence) {
            out.append('[');
            for (int i = 0; i < sequence.items().size(); i++) {
                out.append(i == 0 ? "" : ",");
                render(sequence.items().get(i), out, false);
            }
            out.append(']');
        } else if (node instanceof YamlNode.Mapping mapping) {
            List<YamlNode.Entry> entries = new ArrayList<>(mapping.entries());
            entries.sort(Comparator.comparing(YamlNode.Entry::key));
            out.append('{');
            boolean first = true;
            for (YamlNode.Entry entry : entries) {
                if (top && EXCLUDED.contains(entry.key())) {
                    continue;
                }
                out.append(first ? "" : ",");
                first = false;
                quote(entry.key(), out);
                out.append(':');
                render(entry.value(), out, false);
            }
            out.append('}');
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
}
