package dev.strangler.config.file;

import java.util.Map;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in configuration values with the environment's values.
 *
 * <p>{@code ${VAR:-default}} uses the default when {@code VAR} is unset or empty, as a shell does; {@code ${VAR}}
 * with {@code VAR} unset is an error, because silently empty secrets and URLs make for confusing failures later.
 * {@code $${} writes a literal {@code ${}.
 */
final class EnvironmentSubstitution {

    private final Map<String, String> environment;

    EnvironmentSubstitution(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The substituted text, or throws {@link IllegalArgumentException} naming the unset variable. */
    String apply(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed ${ in '" + text + "'");
                }
                out.append(resolve(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String expression) {
        int dash = expression.indexOf(":-");
        String name = dash < 0 ? expression : expression.substring(0, dash);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'${" + expression + "}' (expected: ${NAME} or ${NAME:-default})");
        }
        String value = environment.get(name);
        if (dash >= 0) {
            return value == null || value.isEmpty() ? expression.substring(dash + 2) : value;
        }
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set"
                    + " (write ${" + name + ":-default} to give a default)");
        }
        return value;
    }
}
