package dev.strangler.migrator.draft;

import java.util.List;

/** A comma-separated list of SQL items, broken into lines of about {@value #WIDTH} characters for a draft's reader. */
final class SqlList {

    static final int WIDTH = 96;

    private SqlList() {
    }

    /** {@code items} after {@code prefix}, continuation lines indented by {@code indent} spaces. */
    static String of(String prefix, List<String> items, int indent) {
        StringBuilder text = new StringBuilder(prefix);
        int lineStart = 0;
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i < items.size() - 1 ? "," : "");
            if (i > 0) {
                if (text.length() - lineStart + 1 + item.length() > WIDTH) {
                    text.append('\n');
                    lineStart = text.length();
                    text.append(" ".repeat(indent));
                } else {
                    text.append(' ');
                }
            }
            text.append(item);
        }
        return text.toString();
    }
}
