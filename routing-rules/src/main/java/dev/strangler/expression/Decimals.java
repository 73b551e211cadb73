package dev.strangler.expression;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * CEL's {@code decimal} type: exact decimal numbers, as PostgreSQL's {@code numeric} and {@code money} columns hold
 * them (a Java {@code BigDecimal} at run time). CEL itself has only {@code int} and {@code double}, and no arithmetic
 * between them, so a decimal column read as a double would lose cents ({@code 19.99 * 100.0 == 1998.9999…}).
 *
 * <p>{@code + - * /} and the comparisons work between two decimals and between a decimal and an {@code int}
 * ({@code row.total * 100} is exact); comparisons also accept a {@code double}. Arithmetic between a decimal and a
 * {@code double} is refused, at run time with a message saying so, because its result could not be exact.
 * Functions: {@code decimal(x)} from a string, an int or a double (the double's shortest decimal text);
 * {@code round(d, scale)} rounds half away from zero as PostgreSQL does; {@code int(d)} refuses a fractional part;
 * {@code double(d)} and {@code string(d)} convert explicitly. A quotient that does not terminate is kept to 34
 * significant digits.
 */
final class Decimals {

    /** The type as expressions name it. */
    static final CelType DECIMAL = OpaqueType.create("decimal");

    private static final MathContext QUOTIENT = MathContext.DECIMAL128;

    private final List<CelFunctionDecl> declarations = new ArrayList<>();
    private final List<CelFunctionBinding> bindings = new ArrayList<>();

    private Decimals() {
        arithmetic("_+_", "add", BigDecimal::add);
        arithmetic("_-_", "subtract", BigDecimal::subtract);
        arithmetic("_*_", "multiply", BigDecimal::multiply);
        arithmetic("_/_", "divide", Decimals::divide);
        comparison("_<_", "less", c -> c < 0);
        comparison("_<=_", "less_equals", c -> c <= 0);
        comparison("_>_", "greater", c -> c > 0);
        comparison("_>=_", "greater_equals", c -> c >= 0);
        declare("-_", CelOverloadDecl.newGlobalOverload("negate_decimal", DECIMAL, DECIMAL));
        bindings.add(CelFunctionBinding.from("negate_decimal", BigDecimal.class, BigDecimal::negate));
        declare("decimal",
                CelOverloadDecl.newGlobalOverload("string_to_decimal", DECIMAL, SimpleType.STRING),
                CelOverloadDecl.newGlobalOverload("int_to_decimal", DECIMAL, SimpleType.INT),
                CelOverloadDecl.newGlobalOverload("double_to_decimal", DECIMAL, SimpleType.DOUBLE),
                CelOverloadDecl.newGlobalOverload("decimal_to_decimal", DECIMAL, DECIMAL));
        bindings.add(CelFunctionBinding.from("string_to_decimal", String.class, Decimals::parse));
        bindings.add(CelFunctionBinding.from("int_to_decimal", Long.class, BigDecimal::valueOf));
        bindings.add(CelFunctionBinding.from("double_to_decimal", Double.class, BigDecimal::valueOf));
        bindings.add(CelFunctionBinding.from("decimal_to_decimal", BigDecimal.class, d -> d));
        declare("round", CelOverloadDecl.newGlobalOverload("round_decimal_int", DECIMAL, DECIMAL, SimpleType.INT));
        bindings.add(CelFunctionBinding.from("round_decimal_int", BigDecimal.class, Long.class,
                (d, scale) -> d.setScale(Math.toIntExact(scale), RoundingMode.HALF_UP)));
        declare("int", CelOverloadDecl.newGlobalOverload("decimal_to_int", SimpleType.INT, DECIMAL));
        bindings.add(CelFunctionBinding.from("decimal_to_int", BigDecimal.class, Decimals::toInt));
        declare("double", CelOverloadDecl.newGlobalOverload("decimal_to_double", SimpleType.DOUBLE, DECIMAL));
        bindings.add(CelFunctionBinding.from("decimal_to_double", BigDecimal.class, BigDecimal::doubleValue));
        declare("string", CelOverloadDecl.newGlobalOverload("decimal_to_string", SimpleType.STRING, DECIMAL));
        bindings.add(CelFunctionBinding.from("decimal_to_string", BigDecimal.class, BigDecimal::toPlainString));
    }

    /** The declarations and bindings, for one CEL environment. */
    static Decimals library() {
        return new Decimals();
    }

    List<CelFunctionDecl> declarations() {
        return declarations;
    }

    List<CelFunctionBinding> bindings() {
        return bindings;
    }

    private void declare(String function, CelOverloadDecl... overloads) {
        declarations.add(CelFunctionDecl.newFunctionDeclaration(function, overloads));
    }

    private void arithmetic(String function, String name, BinaryOperator<BigDecimal> operation) {
        declare(function,
                CelOverloadDecl.newGlobalOverload(name + "_decimal", DECIMAL, DECIMAL, DECIMAL),
                CelOverloadDecl.newGlobalOverload(name + "_decimal_int", DECIMAL, DECIMAL, SimpleType.INT),
                CelOverloadDecl.newGlobalOverload(name + "_int_decimal", DECIMAL, SimpleType.INT, DECIMAL),
                CelOverloadDecl.newGlobalOverload(name + "_decimal_double", DECIMAL, DECIMAL, SimpleType.DOUBLE),
                CelOverloadDecl.newGlobalOverload(name + "_double_decimal", DECIMAL, SimpleType.DOUBLE, DECIMAL));
        bindings.add(CelFunctionBinding.from(name + "_decimal", BigDecimal.class, BigDecimal.class, operation::apply));
        bindings.add(CelFunctionBinding.from(name + "_decimal_int", BigDecimal.class, Long.class,
                (a, b) -> operation.apply(a, BigDecimal.valueOf(b))));
        bindings.add(CelFunctionBinding.from(name + "_int_decimal", Long.class, BigDecimal.class,
                (a, b) -> operation.apply(BigDecimal.valueOf(a), b)));
        bindings.add(CelFunctionBinding.from(name + "_decimal_double", BigDecimal.class, Double.class,
                (a, b) -> inexact(function, a, b)));
        bindings.add(CelFunctionBinding.from(name + "_double_decimal", Double.class, BigDecimal.class,
                (a, b) -> inexact(function, b, a)));
    }

    private void comparison(String function, String name, java.util.function.IntPredicate holds) {
        declare(function,
                CelOverloadDecl.newGlobalOverload(name + "_decimal", SimpleType.BOOL, DECIMAL, DECIMAL),
                CelOverloadDecl.newGlobalOverload(name + "_decimal_int", SimpleType.BOOL, DECIMAL, SimpleType.INT),
                CelOverloadDecl.newGlobalOverload(name + "_int_decimal", SimpleType.BOOL, SimpleType.INT, DECIMAL),
                CelOverloadDecl.newGlobalOverload(name + "_decimal_double", SimpleType.BOOL, DECIMAL,
                        SimpleType.DOUBLE),
                CelOverloadDecl.newGlobalOverload(name + "_double_decimal", SimpleType.BOOL, SimpleType.DOUBLE,
                        DECIMAL));
        bindings.add(CelFunctionBinding.from(name + "_decimal", BigDecimal.class, BigDecimal.class,
                (a, b) -> holds.test(a.compareTo(b))));
        bindings.add(CelFunctionBinding.from(name + "_decimal_int", BigDecimal.class, Long.class,
                (a, b) -> holds.test(a.compareTo(BigDecimal.valueOf(b)))));
        bindings.add(CelFunctionBinding.from(name + "_int_decimal", Long.class, BigDecimal.class,
                (a, b) -> holds.test(BigDecimal.valueOf(a).compareTo(b))));
        bindings.add(CelFunctionBinding.from(name + "_decimal_double", BigDecimal.class, Double.class,
                (a, b) -> holds.test(a.compareTo(BigDecimal.valueOf(b)))));
        bindings.add(CelFunctionBinding.from(name + "_double_decimal", Double.class, BigDecimal.class,
                (a, b) -> holds.test(BigDecimal.valueOf(a).compareTo(b))));
    }

    private static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        if (divisor.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        try {
            return dividend.divide(divisor);
        } catch (ArithmeticException nonTerminating) {
            return dividend.divide(divisor, QUOTIENT);
        }
    }

    private static BigDecimal parse(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("decimal(\"" + text + "\"): not a decimal number");
        }
    }

    private static long toInt(BigDecimal value) {
        try {
            return value.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("int(" + value.toPlainString() + "): "
                    + (value.stripTrailingZeros().scale() > 0 ? "has a fractional part; round(d, 0) first"
                    : "out of the int range"));
        }
    }

    private static BigDecimal inexact(String function, BigDecimal decimal, Double number) {
        throw new IllegalArgumentException("decimal " + decimal.toPlainString() + " " + function.replace("_", "")
                + " double " + number + ": arithmetic with a double cannot be exact; write an int or decimal(\""
                + BigDecimal.valueOf(number).toPlainString() + "\")");
    }
}
