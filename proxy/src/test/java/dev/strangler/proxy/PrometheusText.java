package dev.strangler.proxy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape in Prometheus text format, read back: each family's type, and each sample name's label names. */
record PrometheusText(Map<String, String> types, Map<String, Set<String>> labels) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    static PrometheusText parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                List<String> parts = List.of(line.split(" "));
                types.put(parts.get(2), parts.get(3));
            } else if (!line.startsWith("#") && !line.isBlank()) {
                Matcher sample = SAMPLE.matcher(line);
                if (!sample.matches()) {
                    throw new IllegalArgumentException("not a Prometheus sample: " + line);
                }
                Set<String> names = labels.computeIfAbsent(sample.group(1), name -> new TreeSet<>());
                if (sample.group(3) != null) {
                    Matcher label = LABEL.matcher(sample.group(3));
                    while (label.find()) {
                        names.add(label.group(1));
                    }
                }
            }
        }
        return new PrometheusText(types, labels);
    }

    /** The family's type, whether the TYPE line names it with or without the counter's {@code _total}. */
    String typeOf(String family) {
        String type = types.get(family);
        return type != null ? type : types.get(family.replaceFirst("_total$", ""));
    }
}
