package dev.strangler.config.file;

import dev.strangler.config.UserKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads an entity's {@code userKey:} ({@link UserKey}): a column name, or a mapping of table names to a column name
 * or a {@code SELECT} whose first column is the user key. Anything else is reported at its line.
 */
final class UserKeyReader {

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final String EXPECTED = "expected: a column, or a SELECT whose first column is the user key"
            + " with the changed row's columns as :name";

    private UserKeyReader() {
    }

    static List<UserKey> read(ConfigNode node) {
        List<UserKey> keys = new ArrayList<>();
        if (!node.isPresent()) {
            return keys;
        }
        if (node.isScalar()) {
            declared(node, null, keys);
            return keys;
        }
        node.entries().forEach((table, value) -> {
            if (!TABLE.matcher(table).matches()) {
                value.error("'" + table + "' is not a table name (expected: table or schema.table)");
                return;
            }
            declared(value, table, keys);
        });
        return keys;
    }

    private static void declared(ConfigNode value, String table, List<UserKey> into) {
        String text = value.requiredText();
        if (text == null) {
            return;
        }
        String trimmed = text.strip();
        if (COLUMN.matcher(trimmed).matches()) {
            into.add(new UserKey(table, trimmed.toLowerCase(Locale.ROOT), null));
        } else if (trimmed.length() > 6 && trimmed.regionMatches(true, 0, "SELECT", 0, 6)
                && Character.isWhitespace(trimmed.charAt(6))) {
            if (trimmed.contains("$1")) {
                value.error("$1: the query reads the changed row's columns as :name, not the user key ("
                        + EXPECTED + ")");
                return;
            }
            into.add(new UserKey(table, null, trimmed));
        } else {
            value.error("'" + trimmed + "' is neither a column nor a SELECT (" + EXPECTED + ")");
        }
    }
}
