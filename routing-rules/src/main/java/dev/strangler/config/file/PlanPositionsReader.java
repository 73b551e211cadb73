package dev.strangler.config.file;

import dev.strangler.config.PlanPositions;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records where each value of the {@code migration:} section was written, by its key path, as load errors name it. */
final class PlanPositionsReader {

    private PlanPositionsReader() {
    }

    /** Every node under the section, by its key path. */
    static PlanPositions of(String file, ConfigNode section) {
        Map<String, PlanPositions.Position> positions = new LinkedHashMap<>();
        walk(section.path(), section.yaml(), positions);
        return PlanPositions.of(file, positions);
    }

    private static void walk(String path, YamlNode node, Map<String, PlanPositions.Position> into) {
        if (node == null) {
            return;
        }
        YamlNode.Scalar scalar = node instanceof YamlNode.Scalar s ? s : null;
        into.put(path, new PlanPositions.Position(node.line(), node.column(), scalar == null ? null : scalar.text(),
                scalar == null ? null : scalar.positions()));
        if (node instanceof YamlNode.Mapping mapping) {
            mapping.entries().forEach(entry -> walk(path + "." + entry.key(), entry.value(), into));
        } else if (node instanceof YamlNode.Sequence sequence) {
            for (int i = 0; i < sequence.items().size(); i++) {
                walk(path + "[" + i + "]", sequence.items().get(i), into);
            }
        }
    }
}
