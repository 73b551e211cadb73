package dev.strangler.config;

/** An expression that compiled could not be evaluated for a particular input. */
public final class ExpressionException extends RuntimeException {

    private final String expression;

    public ExpressionException(String expression, String message) {
        super(expression + ": " + message);
        this.expression = expression;
    }

    public ExpressionException(String expression, String message, Throwable cause) {
        super(expression + ": " + message, cause);
        this.expression = expression;
    }

    /** The expression's source text. */
    public String expression() {
        return expression;
    }
}
