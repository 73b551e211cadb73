package dev.strangler.config;

import java.util.Map;

/**
 * Where each value of the {@code migration:} section was written, so that a problem found after loading (by
 * {@code strangler check} against the databases) is reported like a load error: file, line, column and key path
 * ({@code plan.yaml:14:22: migration.entities[1].map.total_cents: ...}).
 *
 * <p>Paths are those of load errors: {@code migration.users}, {@code migration.entities[0].fetch},
 * {@code migration.entities[0].validate[2].rule}, {@code migration.entities[0].map.total_cents},
 * {@code migration.rollback[0].apply} (list items from 0).
 */
public final class PlanPositions {

    private static final PlanPositions NONE = new PlanPositions("(plan)", Map.of());

    private final String file;
    private final Map<String, Position> nodes;

    private PlanPositions(String file, Map<String, Position> nodes) {
        this.file = file;
        this.nodes = Map.copyOf(nodes);
    }

    /**
     * Where a value starts in the file (from 1), and for a scalar where each character of its text was written.
     *
     * @param text   the scalar's text; null for a mapping, a sequence or YAML null
     * @param within maps a place inside {@code text} to the file; null when {@code text} is
     */
    public record Position(int line, int column, String text, TextPositions within) {
    }

    /** Positions for a plan built in code: every error points at line 1. */
    public static PlanPositions none() {
        return NONE;
    }

    /** The positions of every value of a section read from {@code file}, by key path. */
    public static PlanPositions of(String file, Map<String, Position> positions) {
        return new PlanPositions(file, positions);
    }

    /** The file the section was read from, as errors name it. */
    public String file() {
        return file;
    }

    /** An error about the value at {@code path} as a whole. */
    public ConfigError at(String path, String message) {
        Position node = nodes.get(path);
        return new ConfigError(file, node == null ? 1 : node.line(), node == null ? 1 : node.column(), path, message);
    }

    /**
     * An error inside the expression at {@code path}, at {@code line} and {@code column} of the expression's own
     * text (from 1), mapped to the file as load errors are.
     */
    public ConfigError inExpression(String path, int line, int column, String message) {
        Position node = nodes.get(path);
        if (node == null || node.text() == null || node.within() == null) {
            return at(path, message);
        }
        int[] at = node.within().at(node.text(), line, column);
        return new ConfigError(file, at[0], at[1], path, message);
    }

    /**
     * An error at the character {@code offset} of the text at {@code path} (a named parameter inside a statement),
     * mapped to the file; the value as a whole when {@code offset} is negative.
     */
    public ConfigError inText(String path, int offset, String message) {
        Position node = nodes.get(path);
        if (offset < 0 || node == null || node.text() == null || node.within() == null) {
            return at(path, message);
        }
        int[] at = node.within().at(node.text(), offset);
        return new ConfigError(file, at[0], at[1], path, message);
    }

    @Override
    public String toString() {
        return file + " (" + nodes.size() + " positions)";
    }
}
