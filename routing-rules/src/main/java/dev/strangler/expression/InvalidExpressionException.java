package dev.strangler.expression;

/**
 * An expression that does not compile: a syntax error, an unknown variable or function, or a type error.
 *
 * <p>Raised only while a configuration is loaded; the loader turns it into a {@link ConfigError} that points at the
 * expression's line and column in the file.
 */
public final class InvalidExpressionException extends Exception {

    private final String expression;
    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param expression the source text that failed to compile
     * @param line       the line of the first problem within the expression, from 1
     * @param column     the column of the first problem within that line, from 1
     * @param reason     what is wrong, without the position
     */
    public InvalidExpressionException(String expression, int line, int column, String reason) {
        super(line + ":" + column + ": " + reason);
        this.expression = expression;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The expression's source text. */
    public String expression() {
        return expression;
    }

    /** The line of the first problem within the expression, from 1. */
    public int line() {
        return line;
    }

    /** The column of the first problem within its line, from 1. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
