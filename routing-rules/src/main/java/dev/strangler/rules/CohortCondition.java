package dev.strangler.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.strangler.expression.ExpressionLanguage;
import dev.strangler.expression.InvalidExpressionException;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "request", Set.of("method", "path", "host", "headers", "cookies", "query"),
            "user", Set.of("key"));

    private final String source;
    private final CelRuntime.Program program;
    private final DirectCondition direct;

    private CohortCondition(String source, CelRuntime.Program program, DirectCondition direct) {
        this.source = source;
        this.program = program;
        this.direct = direct;
    }

    /**
     * Compiles a {@code when:} expression.
     *
     * @throws InvalidExpressionException with the line and column of the problem
     */
    public static CohortCondition compile(String source) throws InvalidExpressionException {
        CelAbstractSyntaxTree ast = LANGUAGE.check(source);
        rejectUnknownFields(source, ast);
        return new CohortCondition(source, LANGUAGE.program(source, ast), DirectCondition.of(ast.getExpr()));
    }

    /**
     * True when the expression selects this user for this request. Common shapes are evaluated directly
     * ({@link DirectCondition}), the rest by CEL; both give the same answer.
     */
    public boolean test(RequestFacts request, String userKey) {
        if (direct != null) {
            return direct.evaluate(request, userKey) == DirectCondition.TRUE;
        }
        return testWithCel(request, userKey);
    }

    /** The answer of the CEL interpreter alone, for the test that holds the direct evaluation to it. */
    boolean testWithCel(RequestFacts request, String userKey) {
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

    /**
     * {@code request} and {@code user} are maps to CEL, so a misspelt field ({@code request.header}) would pass the
     * type check and fail on every request; it is a load-time error instead.
     */
    private static void rejectUnknownFields(String source, CelAbstractSyntaxTree ast)
            throws InvalidExpressionException {
        CelNavigableExpr unknown = CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.SELECT)
                .filter(node -> {
                    CelExpr.CelSelect select = node.expr().select();
                    if (select.operand().getKind() != CelExpr.ExprKind.Kind.IDENT) {
                        return false;
                    }
                    Set<String> fields = FIELDS.get(select.operand().ident().name());
                    return fields != null && !fields.contains(select.field());
                })
                .findFirst().orElse(null);
        if (unknown != null) {
            CelExpr.CelSelect select = unknown.expr().select();
            int offset = ast.getSource().getPositionsMap().getOrDefault(unknown.id(), 0);
            CelSourceLocation location = ast.getSource().getOffsetLocation(offset).orElse(CelSourceLocation.NONE);
            throw new InvalidExpressionException(source, Math.max(1, location.getLine()),
                    Math.max(1, location.getColumn() + 1), "unknown field '" + select.field() + "' of "
                    + select.operand().ident().name() + " (expected one of: "
                    + String.join(", ", new TreeSet<>(FIELDS.get(select.operand().ident().name()))) + ")");
        }
    }

    /** True when this condition is evaluated directly rather than by the CEL interpreter. */
    boolean isDirect() {
        return direct != null;
    }

    /** The expression as written. */
    @Override
    public String toString() {
        return source;
    }
}
