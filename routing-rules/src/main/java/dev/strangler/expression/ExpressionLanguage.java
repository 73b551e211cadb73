package dev.strangler.expression;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.checker.CelStandardDeclarations;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.CelStandardFunctions.StandardFunction.Overload.StringMatchers;

import java.util.Locale;
import java.util.Map;

/**
 * The one expression language of Strangler: CEL (the Common Expression Language of Kubernetes and Envoy), compiled
 * once when the configuration is loaded, never at request time.
 *
 * <p>Besides CEL's standard operators, macros ({@code has}, {@code all}, {@code exists}, {@code exists_one},
 * {@code map}, {@code filter}) and functions ({@code size}, {@code contains}, {@code startsWith},
 * {@code endsWith}, {@code matches} with RE2 syntax, {@code int}, {@code double}, {@code string},
 * {@code timestamp}, {@code duration}, the timestamp accessors such as {@code getFullYear}), expressions may use
 * CEL's string extension ({@code trim()}, {@code lowerAscii()}, {@code upperAscii()}, {@code replace(a, b)},
 * {@code split(sep)}, {@code substring(start, end)}, {@code indexOf(s)}, {@code lastIndexOf(s)},
 * {@code charAt(i)}, {@code join(sep)} on lists) and two functions of Strangler's own:
 * <ul>
 *   <li>{@code s.lower()}: lower case of every character, not only ASCII ({@code "ÉTÉ".lower() == "été"});</li>
 *   <li>{@code s.upper()}: upper case of every character ({@code "straße".upper() == "STRASSE"}).</li>
 * </ul>
 * and exact decimals ({@link Decimals}): a {@code numeric} or {@code money} column is a {@code decimal}, so
 * {@code row.total * 100} is exact, {@code round(d, 2)} rounds as PostgreSQL does and {@code int(d)} refuses to drop
 * a fractional part.
 * A missing value is CEL {@code null}: {@code row.region != null} tests for one, and {@code has(row.region)}
 * tests whether the column exists at all.
 */
public final class ExpressionLanguage {

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableTimestampEpoch(true)
            .enableHeterogeneousNumericComparisons(true)
            .evaluateCanonicalTypesToNativeValues(true)
            .build();

    private static final CelFunctionDecl LOWER = CelFunctionDecl.newFunctionDeclaration("lower",
            CelOverloadDecl.newMemberOverload("string_lower", SimpleType.STRING, SimpleType.STRING));
    private static final CelFunctionDecl UPPER = CelFunctionDecl.newFunctionDeclaration("upper",
            CelOverloadDecl.newMemberOverload("string_upper", SimpleType.STRING, SimpleType.STRING));

    /** Compiled {@code matches} patterns, shared by every language and expression of the process. */
    private static final CachedRegex REGEX = new CachedRegex(OPTIONS);

    private final Cel cel;

    private ExpressionLanguage(Map<String, CelType> variables) {
        this(variables, null);
    }

    /** A language whose variables may be of the types {@code types} declares (a row with named columns). */
    ExpressionLanguage(Map<String, CelType> variables, CelTypeProvider types) {
        Decimals decimals = Decimals.library();
        var builder = CelFactory.standardCelBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.strings())
                .addRuntimeLibraries(CelExtensions.strings())
                .addFunctionDeclarations(LOWER, UPPER)
                .addFunctionBindings(
                        CelFunctionBinding.from("string_lower", String.class, s -> s.toLowerCase(Locale.ROOT)),
                        CelFunctionBinding.from("string_upper", String.class, s -> s.toUpperCase(Locale.ROOT)))
                .setStandardEnvironmentEnabled(false)
                .setStandardDeclarations(CelStandardDeclarations.newBuilder().build())
                .setStandardFunctions(CelStandardFunctions.newBuilder()
                        .filterFunctions((function, overload) -> overload != StringMatchers.MATCHES
                                && overload != StringMatchers.MATCHES_STRING)
                        .build())
                .addFunctionBindings(REGEX.bindings())
                .addFunctionDeclarations(decimals.declarations())
                .addFunctionBindings(decimals.bindings());
        variables.forEach(builder::addVar);
        if (types != null) {
            builder.setTypeProvider(types);
        }
        this.cel = builder.build();
    }

    /** A language with the given variables, for each use to define its own: routing's {@code when:} sees
     * {@code request} and {@code user}, migration plans see {@code row}. */
    public static ExpressionLanguage withVariables(Map<String, CelType> variables) {
        return new ExpressionLanguage(variables);
    }

    /**
     * Parses and type-checks an expression, and plans it for evaluation.
     *
     * @throws InvalidExpressionException with the line and column of the first problem
     */
    public CelRuntime.Program program(String source) throws InvalidExpressionException {
        return program(source, check(source));
    }

    /**
     * Parses and type-checks an expression: its checked syntax tree, for callers that evaluate simple shapes
     * themselves.
     *
     * @throws InvalidExpressionException with the line and column of the first problem
     */
    public CelAbstractSyntaxTree check(String source) throws InvalidExpressionException {
        CelValidationResult result = compile(source);
        if (result.hasError()) {
            CelIssue first = result.getErrors().get(0);
            int line = Math.max(1, first.getSourceLocation().getLine());
            int column = Math.max(1, first.getSourceLocation().getColumn() + 1);
            throw new InvalidExpressionException(source, line, column, first.getMessage());
        }
        try {
            return result.getAst();
        } catch (CelValidationException e) {
            throw new InvalidExpressionException(source, 1, 1, e.getMessage());
        }
    }

    /** Parses and type-checks, every problem kept, for {@link RowTyping}. */
    CelValidationResult compile(String source) {
        return cel.compile(source);
    }

    /**
     * Plans a checked expression for evaluation.
     *
     * @throws InvalidExpressionException when the runtime cannot plan it
     */
    public CelRuntime.Program program(String source, CelAbstractSyntaxTree ast) throws InvalidExpressionException {
        try {
            return cel.createProgram(ast);
        } catch (CelEvaluationException e) {
            throw new InvalidExpressionException(source, 1, 1, e.getMessage());
        }
    }
}
