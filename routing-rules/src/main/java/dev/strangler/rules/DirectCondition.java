package dev.strangler.rules;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A direct evaluator for the shapes of {@code when:} conditions that cohorts use most, so that they cost a map
 * lookup instead of a trip through the CEL interpreter: comparisons of {@code request.method}, {@code .path},
 * {@code .host}, {@code .headers[..]}, {@code .cookies[..]}, {@code .query[..]} and {@code user.key} with string
 * constants ({@code ==}, {@code !=}, {@code in [..]}, {@code startsWith}, {@code endsWith}, {@code contains}),
 * key tests ({@code "x" in request.headers}) and {@code &&}, {@code ||}, {@code !} over them.
 *
 * <p>It follows CEL's semantics exactly, including errors: a missing map key is an error, {@code &&} and
 * {@code ||} absorb an error when the other side decides, and an error at the top does not select the user. Any
 * other expression is left to CEL ({@link #of} returns null). A test runs both on the same inputs.
 */
final class DirectCondition {

    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int ERROR = -1;

    private final Node root;

    private DirectCondition(Node root) {
        this.root = root;
    }

    /** The direct form of a checked expression, or null when it has a shape this class does not handle. */
    static DirectCondition of(CelExpr expr) {
        Node node = predicate(expr);
        return node == null ? null : new DirectCondition(node);
    }

    /** TRUE, FALSE or ERROR, as CEL would evaluate it. */
    int evaluate(RequestFacts request, String userKey) {
        return root.test(request, userKey);
    }

    private interface Node {
        int test(RequestFacts request, String userKey);
    }

    /** A string-valued operand; null means a CEL error (a missing key). */
    private interface Value {
        String get(RequestFacts request, String userKey);
    }

    private static Node predicate(CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE) {
            int constant = expr.constant().booleanValue() ? TRUE : FALSE;
            return (request, key) -> constant;
        }
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
            return null;
        }
        CelExpr.CelCall call = expr.call();
        List<CelExpr> args = call.args();
        boolean binary = args.size() == 2 && call.target().isEmpty();
        if (!binary && !(args.size() == 1 && (call.function().equals("!_") || call.target().isPresent()))) {
            return null;
        }
        switch (call.function()) {
            case "_&&_": {
                Node left = predicate(args.get(0));
                Node right = predicate(args.get(1));
                return left == null || right == null ? null : (request, key) -> and(left.test(request, key),
                        right.test(request, key));
            }
            case "_||_": {
                Node left = predicate(args.get(0));
                Node right = predicate(args.get(1));
                return left == null || right == null ? null : (request, key) -> or(left.test(request, key),
                        right.test(request, key));
            }
            case "!_": {
                Node operand = predicate(args.get(0));
                return operand == null ? null : (request, key) -> {
                    int value = operand.test(request, key);
                    return value == ERROR ? ERROR : 1 - value;
                };
            }
            case "_==_":
            case "_!=_": {
                Value left = value(args.get(0));
                Value right = value(args.get(1));
                boolean equal = call.function().equals("_==_");
                return left == null || right == null ? null : (request, key) -> {
                    String a = left.get(request, key);
                    String b = right.get(request, key);
                    return a == null || b == null ? ERROR : a.equals(b) == equal ? TRUE : FALSE;
                };
            }
            case "@in":
                return in(args.get(0), args.get(1));
            case "startsWith":
            case "endsWith":
            case "contains": {
                if (call.target().isEmpty() || args.size() != 1) {
                    return null;
                }
                Value target = value(call.target().get());
                String argument = stringConstant(args.get(0));
                if (target == null || argument == null) {
                    return null;
                }
                String function = call.function();
                return (request, key) -> {
                    String text = target.get(request, key);
                    if (text == null) {
                        return ERROR;
                    }
                    boolean result = function.equals("startsWith") ? text.startsWith(argument)
                            : function.equals("endsWith") ? text.endsWith(argument) : text.contains(argument);
                    return result ? TRUE : FALSE;
                };
            }
            default:
                return null;
        }
    }

    private static Node in(CelExpr element, CelExpr container) {
        String constantKey = stringConstant(element);
        Function<RequestFacts, Map<String, String>> map = requestMap(container);
        if (constantKey != null && map != null) {
            return (request, key) -> map.apply(request).containsKey(constantKey) ? TRUE : FALSE;
        }
        if (container.getKind() != CelExpr.ExprKind.Kind.LIST) {
            return null;
        }
        Set<String> options = new HashSet<>();
        for (CelExpr item : container.list().elements()) {
            String option = stringConstant(item);
            if (option == null) {
                return null;
            }
            options.add(option);
        }
        Value value = value(element);
        return value == null ? null : (request, key) -> {
            String text = value.get(request, key);
            return text == null ? ERROR : options.contains(text) ? TRUE : FALSE;
        };
    }

    private static Value value(CelExpr expr) {
        String constant = stringConstant(expr);
        if (constant != null) {
            return (request, key) -> constant;
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && !expr.select().testOnly()
                && isIdent(expr.select().operand())) {
            String variable = expr.select().operand().ident().name();
            String field = expr.select().field();
            if (variable.equals("user") && field.equals("key")) {
                return (request, key) -> key;
            }
            if (variable.equals("request")) {
                switch (field) {
                    case "method":
                        return (request, key) -> request.method();
                    case "path":
                        return (request, key) -> request.path();
                    case "host":
                        return (request, key) -> request.host();
                    default:
                        return null;
                }
            }
            return null;
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("_[_]")) {
            Function<RequestFacts, Map<String, String>> map = requestMap(expr.call().args().get(0));
            String entry = stringConstant(expr.call().args().get(1));
            if (map != null && entry != null) {
                return (request, key) -> map.apply(request).get(entry);
            }
        }
        return null;
    }

    private static Function<RequestFacts, Map<String, String>> requestMap(CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && !expr.select().testOnly()
                && isIdent(expr.select().operand()) && expr.select().operand().ident().name().equals("request")) {
            return switch (expr.select().field()) {
                case "headers" -> RequestFacts::headers;
                case "cookies" -> RequestFacts::cookies;
                case "query" -> RequestFacts::query;
                default -> null;
            };
        }
        return null;
    }

    private static boolean isIdent(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT;
    }

    private static String stringConstant(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE ? expr.constant().stringValue() : null;
    }

    private static int and(int left, int right) {
        if (left == FALSE || right == FALSE) {
            return FALSE;
        }
        return left == ERROR || right == ERROR ? ERROR : TRUE;
    }

    private static int or(int left, int right) {
        if (left == TRUE || right == TRUE) {
            return TRUE;
        }
        return left == ERROR || right == ERROR ? ERROR : FALSE;
    }
}
