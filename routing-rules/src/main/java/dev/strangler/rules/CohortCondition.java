package dev.strangler.rules;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.strangler.config.ExpressionLanguage;
import dev.strangler.config.InvalidExpressionException;

import java.util.Map;
import java.util.Optional;

/**
 * A cohort's {@code when:} expression, compiled with {@link ExpressionLanguage CEL} when the configuration is
 * loaded.
 *
 * <p>Variables:
 * <ul>
 *   <li>{@code request.method} ({@code "GET"}), {@code request.path} (normalised), {@code request.host};</li>
 *   <li>{@code request.headers} (by lower-case name), {@code request.cookies}, {@code request.query}: maps of
 *       string to string;</li>
 *   <li>{@code user.key}: the user key.</li>
 * </ul>
 * For example {@code request.headers["x-country"] == "UK"} or {@code user.key.startsWith("test-")}.
 * An expression that cannot be evaluated for a request (a header it indexes is absent, a type mismatch) does not
 * select the user: the cohort is skipped, never the request failed. Use {@code "x-country" in request.headers}
 * to test for presence.
 */
public final class CohortCondition {

    private static final ExpressionLanguage LANGUAGE = ExpressionLanguage.withVariables(Map.of(
            "request", MapType.create(SimpleType.STRING, SimpleType.DYN),
            "user", MapType.create(SimpleType.STRING, SimpleType.DYN)));

    private final String source;
    private final CelRuntime.Program program;

    private CohortCondition(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

    /**
     * Compiles a {@code when:} expression.
     *
     * @throws InvalidExpressionException with the line and column of the problem
     */
    public static CohortCondition compile(String source) throws InvalidExpressionException {
        return new CohortCondition(source, LANGUAGE.program(source));
    }

    /** True when the expression selects this user for this request. */
    public boolean test(RequestFacts request, String userKey) {
        Map<String, Object> requestValue = Map.of(
                "method", request.method(),
                "path", request.path(),
                "host", request.host(),
                "headers", request.headers(),
                "cookies", request.cookies(),
                "query", request.query());
        Map<String, Object> userValue = Map.of("key", userKey);
        try {
            Object result = program.eval(name -> switch (name) {
                case "request" -> Optional.of(requestValue);
                case "user" -> Optional.of(userValue);
                default -> Optional.empty();
            });
            return Boolean.TRUE.equals(result);
        } catch (CelEvaluationException | RuntimeException e) {
            return false;
        }
    }

    /** The expression as written. */
    @Override
    public String toString() {
        return source;
    }
}
