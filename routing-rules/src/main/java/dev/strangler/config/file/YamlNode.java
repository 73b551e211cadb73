package dev.strangler.config.file;

import dev.strangler.config.TextPositions;
import java.util.List;

/**
 * A YAML document as a tree that remembers where each node was written, so that every configuration error can
 * name its line and column. Scalars hold their text after {@code ${VAR}} substitution.
 */
sealed interface YamlNode {

    int line();

    int column();

    /** What a person would call this kind of node in an error message. */
    String kind();

    /**
     * A scalar; {@code text} is null for YAML null ({@code ~} or nothing). {@code broken} is true when its
     * {@code ${VAR}} substitution failed: the error is already reported, and readers treat the value as present but
     * unusable. {@code positions} maps a place inside the text to the file, however the scalar was written.
     */
    record Scalar(String text, boolean broken, int line, int column, TextPositions positions) implements YamlNode {

        @Override
        public String kind() {
            return text == null ? "null" : "a value";
        }
    }

    /** A mapping, entries in the order written. */
    record Mapping(List<Entry> entries, int line, int column) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /** A sequence. */
    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** One key of a mapping, with the key's own position. */
    record Entry(String key, int line, int column, YamlNode value) {
    }
}
