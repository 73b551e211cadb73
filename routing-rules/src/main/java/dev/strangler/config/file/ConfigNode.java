package dev.strangler.config.file;

import dev.strangler.expression.InvalidExpressionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cursor on one node of the configuration tree that knows its key path and reports problems there.
 *
 * <p>Readers ask for what they expect ({@code node.get("port").integer(8080, 1, 65535)}); a wrong value is
 * reported and a fallback returned, so reading continues and every error of the file is found in one pass.
 */
final class ConfigNode {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private final YamlNode node;
    private final String path;
    private final int line;
    private final int column;
    private final int keyLine;
    private final int keyColumn;
    private final ConfigProblems problems;

    /**
     * @param line      where the value is, for errors about it
     * @param keyLine   where its key is, for errors about a key missing under it
     */
    private ConfigNode(YamlNode node, String path, int line, int column, int keyLine, int keyColumn,
                       ConfigProblems problems) {
        this.node = node;
        this.path = path;
        this.line = line;
        this.column = column;
        this.keyLine = keyLine;
        this.keyColumn = keyColumn;
        this.problems = problems;
    }

    static ConfigNode root(YamlNode node, ConfigProblems problems) {
        return new ConfigNode(node, "", node == null ? 1 : node.line(), node == null ? 1 : node.column(), 1, 1,
                problems);
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }

    boolean isPresent() {
        return node != null && !(node instanceof YamlNode.Scalar s && s.text() == null);
    }

    boolean isMapping() {
        return node instanceof YamlNode.Mapping;
    }

    boolean isScalar() {
        return node instanceof YamlNode.Scalar s && s.text() != null;
    }

    void error(String message) {
        problems.add(line, column, path, message);
    }

    /** The tree under this node, null when absent. */
    YamlNode yaml() {
        return node;
    }

    /** Reports an expression that does not compile, at the position of the problem inside the expression. */
    void expressionError(InvalidExpressionException e) {
        int errorLine = line;
        int errorColumn = column;
        if (node instanceof YamlNode.Scalar scalar && scalar.text() != null) {
            int[] at = scalar.positions().at(scalar.text(), e.line(), e.column());
            errorLine = at[0];
            errorColumn = at[1];
        }
        problems.add(errorLine, errorColumn, path, e.reason() + " (in: " + e.expression().strip() + ")");
    }

    /** Reports a problem at the character {@code offset} of this scalar's text (a parameter inside a statement). */
    void errorAt(int offset, String message) {
        if (node instanceof YamlNode.Scalar scalar && scalar.text() != null && offset >= 0) {
            int[] at = scalar.positions().at(scalar.text(), offset);
            problems.add(at[0], at[1], path, message);
        } else {
            error(message);
        }
    }

    /** The child at {@code key}; absent when this is not a mapping or has no such key. */
    ConfigNode get(String key) {
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (node instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries()) {
                if (entry.key().equals(key)) {
                    return new ConfigNode(entry.value(), childPath, entry.value().line(), entry.value().column(),
                            entry.line(), entry.column(), problems);
                }
            }
        }
        return new ConfigNode(null, childPath, keyLine, keyColumn, keyLine, keyColumn, problems);
    }

    /**
     * Checks that this is a mapping whose keys are all among {@code known}; reports each other key.
     *
     * @return false when this is present but not a mapping (reported); true otherwise
     */
    boolean expectKeys(Set<String> known) {
        if (!isPresent()) {
            return true;
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            error(node.kind() + " where a mapping was expected (keys: " + String.join(", ", new TreeSet<>(known))
                    + ")");
            return false;
        }
        for (YamlNode.Entry entry : mapping.entries()) {
            if (!known.contains(entry.key())) {
                problems.add(entry.line(), entry.column(), path.isEmpty() ? entry.key() : path + "." + entry.key(),
                        "unknown key (expected one of: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return true;
    }

    /** The entries of a free-form mapping (names chosen by the user), in the order written. */
    Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> children = new LinkedHashMap<>();
        if (!isPresent()) {
            return children;
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            error(node.kind() + " where a mapping was expected");
            return children;
        }
        for (YamlNode.Entry entry : mapping.entries()) {
            children.put(entry.key(), get(entry.key()));
        }
        return children;
    }

    /** The items of a list; a missing list is empty. */
    List<ConfigNode> items() {
        List<ConfigNode> children = new ArrayList<>();
        if (!isPresent()) {
            return children;
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            error(node.kind() + " where a list was expected");
            return children;
        }
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode item = sequence.items().get(i);
            children.add(new ConfigNode(item, path + "[" + i + "]", item.line(), item.column(), item.line(),
                    item.column(), problems));
        }
        return children;
    }

    /** The scalar's text, null when absent; a mapping or list here is reported. */
    String text() {
        if (!isPresent()) {
            return null;
        }
        if (node instanceof YamlNode.Scalar scalar) {
            return scalar.broken() ? null : scalar.text();
        }
        error(node.kind() + " where a single value was expected");
        return null;
    }

    /** The scalar's text; reports it as missing when absent or blank. */
    String requiredText() {
        String text = text();
        if (!isPresent()) {
            error("missing (required)");
        } else if (text != null && text.isBlank()) {
            error("empty (expected: a value)");
            return null;
        }
        return text;
    }

    /** Parses the value; a parser's {@link IllegalArgumentException} message becomes the error. */
    <T> T parsed(Function<String, T> parser, T fallback, boolean required) {
        String text = required ? requiredText() : text();
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return fallback;
        }
    }

    int integer(int fallback, int min, int max) {
        return parsed(text -> {
            try {
                int value = Integer.parseInt(text.trim());
                if (value < min || value > max) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(text + " (expected: an integer in " + min + ".." + max + ")");
            }
        }, fallback, false);
    }

    boolean bool(boolean fallback) {
        return parsed(text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(text + " (expected: true or false)");
        }, fallback, false);
    }

    Duration duration(Duration fallback) {
        return parsed(ConfigNode::parseDuration, fallback, false);
    }

    /** A duration greater than zero; zero is reported. */
    Duration positiveDuration(Duration fallback) {
        Duration value = duration(fallback);
        if (value.isZero()) {
            error(text() + " (expected: more than 0)");
            return fallback;
        }
        return value;
    }

    <E extends Enum<E>> E choice(Class<E> type, E fallback, boolean required) {
        return parsed(text -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text.trim())) {
                    return constant;
                }
            }
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(text + " (expected: one of " + String.join(", ", names) + ")");
        }, fallback, required);
    }

    /**
     * A duration such as {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h}, {@code 1d} or {@code 1m30s}.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    static Duration parseDuration(String text) {
        String trimmed = text.trim();
        Matcher m = DURATION_PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long amount = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = m.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw new IllegalArgumentException(text + " (expected: a duration such as 500ms, 2s, 10m, 1h)");
        }
        return total;
    }
}
