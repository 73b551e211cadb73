package dev.strangler.config;

/**
 * Where each character of a scalar's text was written in the file, so that a problem inside an expression or a
 * statement points at its line and column however the scalar was written: plain, quoted, or as a literal
 * ({@code |}) or folded ({@code >}) block, on one line or several.
 *
 * <p>YAML changes only whitespace between the file and the text (a block's indentation is removed, a folded line
 * break becomes a space), so the text's non-blank characters are found in the file in the same order, from where
 * the scalar's content starts: after the opening quote, on the line after a block's header, or at the scalar itself.
 * When the two disagree (a {@code ${VAR}} substituted, an escape sequence in a double-quoted scalar), the position
 * falls back to the text's line and column counted from the scalar's start.
 */
public final class TextPositions {

    private final String source;
    private final int contentStart;
    private final int line;
    private final int column;
    private final boolean quoted;

    /**
     * @param source the whole file
     * @param offset where the scalar starts in it (its quote, its block indicator or its first character)
     * @param line   the scalar's line (from 1)
     * @param column the scalar's column (from 1)
     */
    private TextPositions(String source, int offset, int line, int column, boolean quoted) {
        this.source = source;
        this.line = line;
        this.column = column;
        this.quoted = quoted;
        this.contentStart = contentStart(source, offset);
    }

    /** The positions of a scalar starting at {@code offset} of {@code source} (-1: unknown), at line and column. */
    public static TextPositions of(String source, long offset, int line, int column) {
        int start = offset < 0 || offset > source.length() ? -1 : (int) offset;
        boolean quoted = start >= 0 && start < source.length()
                && (source.charAt(start) == '"' || source.charAt(start) == '\'');
        return new TextPositions(source, start, line, column, quoted);
    }

    /** The file's line and column ({@code [line, column]}) of {@code text}'s character at line and column. */
    public int[] at(String text, int textLine, int textColumn) {
        int offset = 0;
        for (int l = 1; l < textLine; l++) {
            int newline = text.indexOf('\n', offset);
            if (newline < 0) {
                break;
            }
            offset = newline + 1;
        }
        int found = filePosition(text, offset + Math.max(0, textColumn - 1));
        if (found >= 0) {
            return lineAndColumn(found);
        }
        return new int[] {line + textLine - 1, textLine == 1 ? column + (quoted ? 1 : 0) + textColumn - 1
                : textColumn};
    }

    /** The file's line and column ({@code [line, column]}) of {@code text}'s character at {@code offset}. */
    public int[] at(String text, int offset) {
        int textLine = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                textLine++;
                lineStart = i + 1;
            }
        }
        return at(text, textLine, offset - lineStart + 1);
    }

    /** The index in the file of the text's character at {@code target}; -1 when text and file disagree. */
    private int filePosition(String text, int target) {
        if (contentStart < 0) {
            return -1;
        }
        int s = contentStart;
        int n = source.length();
        for (int t = 0; t < text.length(); t++) {
            char c = text.charAt(t);
            if (Character.isWhitespace(c)) {
                if (t == target) {
                    return s;
                }
                continue;
            }
            while (s < n && Character.isWhitespace(source.charAt(s))) {
                s++;
            }
            if (s >= n || source.charAt(s) != c) {
                return -1;
            }
            if (t == target) {
                return s;
            }
            s++;
        }
        return target >= text.length() ? s : -1;
    }

    private int[] lineAndColumn(int index) {
        int fileLine = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (source.charAt(i) == '\n') {
                fileLine++;
                lineStart = i + 1;
            }
        }
        return new int[] {fileLine, index - lineStart + 1};
    }

    /** Where the scalar's text begins in the file: after a quote, on the line after a block's header. */
    private static int contentStart(String source, int offset) {
        if (offset < 0 || offset >= source.length()) {
            return -1;
        }
        char first = source.charAt(offset);
        if (first == '"' || first == '\'') {
            return offset + 1;
        }
        if (first == '|' || first == '>') {
            int newline = source.indexOf('\n', offset);
            return newline < 0 ? -1 : newline + 1;
        }
        return offset;
    }

    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
