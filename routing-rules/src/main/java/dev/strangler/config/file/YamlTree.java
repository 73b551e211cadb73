package dev.strangler.config.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.strangler.config.TextPositions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads YAML text into a {@link YamlNode} tree with positions, substituting environment variables in scalars.
 * Duplicate keys and substitution failures are reported to the {@link ConfigProblems}; a YAML syntax error ends
 * the reading and is reported with its position.
 */
final class YamlTree {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final EnvironmentSubstitution substitution;
    private final ConfigProblems problems;
    private String source = "";

    YamlTree(EnvironmentSubstitution substitution, ConfigProblems problems) {
        this.substitution = substitution;
        this.problems = problems;
    }

    /** The document's root, or null when the text is not YAML (the error is already reported) or empty. */
    YamlNode read(String text) {
        this.source = text;
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            YamlNode root = node(parser, "");
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                problems.add(at.getLineNr(), at.getColumnNr(), "",
                        "a second YAML document (expected: one document per file)");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr(), "",
                    "not valid YAML: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            problems.add(1, 1, "", "cannot be read: " + e.getMessage());
            return null;
        }
    }

    private YamlNode node(JsonParser parser, String path) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            List<YamlNode.Entry> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonLocation keyAt = parser.currentTokenLocation();
                String childPath = path.isEmpty() ? key : path + "." + key;
                parser.nextToken();
                YamlNode value = node(parser, childPath);
                if (!seen.add(key)) {
                    problems.add(keyAt.getLineNr(), keyAt.getColumnNr(), childPath, "duplicate key");
                } else {
                    entries.add(new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value));
                }
            }
            return new YamlNode.Mapping(entries, line, column);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(parser, path + "[" + items.size() + "]"));
            }
            return new YamlNode.Sequence(items, line, column);
        }
        if (token == JsonToken.VALUE_NULL) {
            return new YamlNode.Scalar(null, false, line, column, TextPositions.of(source, -1, line, column));
        }
        String text = parser.getText();
        boolean broken = false;
        try {
            text = substitution.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add(line, column, path, e.getMessage());
            broken = true;
        }
        return new YamlNode.Scalar(text, broken, line, column,
                TextPositions.of(source, at.getCharOffset(), line, column));
    }
}
