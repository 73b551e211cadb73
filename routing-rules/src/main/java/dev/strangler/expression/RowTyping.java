package dev.strangler.expression;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks migration-plan expressions against a declared row: {@code row} is a structure whose fields are the fetch
 * statement's columns with the types the database reports, each of which may be null (a list or map column is
 * declared {@code dyn}: CEL cannot compare a typed list with null). So {@code row.total * 100}
 * on a {@code numeric} column is a {@code decimal}, {@code row.nmae} is an undefined field, {@code row.name + 1} has
 * no matching overload, and arithmetic between a decimal and a double ({@code row.total * 100.0}), which the
 * runtime refuses for every row, is reported here instead. At run time the same expressions see the row as a map;
 * this check only tells the plan's author earlier.
 *
 * <pre>{@code
 * RowTyping.of(Map.of("total", ValueType.DECIMAL)).check("row.total * 100").type()   // DECIMAL
 * RowTyping.of(Map.of("total", ValueType.DECIMAL)).check("row.total * 1.5").issues() // [1:11: decimal * double ...]
 * }</pre>
 */
public final class RowTyping {

    private static final String ROW_TYPE = "strangler.Row";
    private static final Pattern INDEXED_COLUMN =
            Pattern.compile("row\\s*\\[\\s*(?:\"([^\"\\\\]+)\"|'([^'\\\\]+)')\\s*]");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INEXACT =
            Pattern.compile("(add|subtract|multiply|divide)_(decimal_double|double_decimal)");

    private static final Pattern GUARDED = Pattern.compile(
            "has\\(\\s*row\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']\\s*])\\s*\\)");

    private final Map<String, ValueType> columns;
    private final Map<String, String> aliases;
    private final ExpressionLanguage language;

    private RowTyping(Map<String, ValueType> columns, Map<String, String> aliases, ExpressionLanguage language) {
        this.columns = columns;
        this.aliases = aliases;
        this.language = language;
    }

    /**
     * A checker for rows with these columns, in the order the statement returns them. A column whose name is no
     * CEL identifier ({@code "Display Name"}, written {@code row["Display Name"]}) is declared under an alias of its
     * own ({@code _c0}, {@code _c1}, ...), which {@code row["..."]} is read as.
     */
    public static RowTyping of(Map<String, ValueType> columns) {
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, ValueType> declared = new LinkedHashMap<>();
        columns.forEach((name, type) -> {
            if (IDENTIFIER.matcher(name).matches()) {
                declared.put(name, type);
            } else {
                String alias = "_c" + aliases.size();
                while (columns.containsKey(alias)) {
                    alias = "_" + alias;
                }
                aliases.put(name, alias);
                declared.put(alias, type);
            }
        });
        return new RowTyping(Map.copyOf(columns), Map.copyOf(aliases), language(declared));
    }

    private static ExpressionLanguage language(Map<String, ValueType> columns) {
        Map<String, CelType> fields = new LinkedHashMap<>();
        columns.forEach((name, type) -> fields.put(name, celType(type)));
        StructType row = StructType.create(ROW_TYPE, ImmutableSet.copyOf(fields.keySet()),
                name -> Optional.ofNullable(fields.get(name)));
        CelTypeProvider types = new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() {
                return ImmutableList.of(row);
            }

            @Override
            public Optional<CelType> findType(String name) {
                return ROW_TYPE.equals(name) ? Optional.of(row) : Optional.empty();
            }
        };
        return new ExpressionLanguage(Map.of("row", row), types);
    }

    /**
     * The language to check {@code source} with: a column the expression only uses behind {@code has(row.x)} and
     * that this row lacks is declared {@code dyn}, so a plan written for several legacy schemas
     * ({@code has(row.email) ? row.email : null}) checks; used without the guard it is still undefined.
     */
    private ExpressionLanguage languageFor(String source) {
        Map<String, ValueType> guarded = null;
        Matcher m = GUARDED.matcher(source);
        while (m.find()) {
            String column = m.group(1) != null ? m.group(1) : m.group(2);
            if (!columns.containsKey(column)) {
                if (guarded == null) {
                    guarded = new LinkedHashMap<>(columns);
                }
                guarded.put(column, ValueType.DYN);
            }
        }
        return guarded == null ? language : language(withAliases(guarded));
    }

    private Map<String, ValueType> withAliases(Map<String, ValueType> named) {
        Map<String, ValueType> declared = new LinkedHashMap<>();
        named.forEach((name, type) -> declared.put(aliases.getOrDefault(name, name), type));
        return declared;
    }

    /** The expression's type over this row and every problem the checker found. */
    public TypedExpression check(String source) {
        CelValidationResult result = languageFor(source).compile(columnsAsFields(source));
        List<TypedExpression.Issue> issues = new ArrayList<>();
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) {
                issues.add(issue(issue.getSourceLocation(), issue.getMessage()));
            }
            return new TypedExpression(ValueType.DYN, issues);
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            return new TypedExpression(ValueType.DYN, List.of(new TypedExpression.Issue(1, 1, e.getMessage())));
        }
        for (Map.Entry<Long, CelReference> reference : ast.getReferenceMap().entrySet()) {
            List<String> overloads = reference.getValue().overloadIds();
            if (!overloads.isEmpty() && overloads.stream().allMatch(id -> INEXACT.matcher(id).matches())) {
                Integer offset = ast.getSource().getPositionsMap().get(reference.getKey());
                CelSourceLocation where = offset == null ? CelSourceLocation.NONE
                        : ast.getSource().getOffsetLocation(offset).orElse(CelSourceLocation.NONE);
                issues.add(issue(where, "arithmetic between a decimal and a double cannot be exact (it fails for "
                        + "every row); write an int, decimal(\"1.5\") or double(d) explicitly"));
            }
        }
        issues.sort(java.util.Comparator.comparingInt(TypedExpression.Issue::line)
                .thenComparingInt(TypedExpression.Issue::column));
        return new TypedExpression(valueType(ast.getResultType()), issues);
    }

    /**
     * {@code row["name"]} as {@code row.name} ({@code row["Display Name"]} as its alias), padded so every later
     * position stays where it was written; an index that names no identifier and no column is left as written.
     */
    private String columnsAsFields(String source) {
        Matcher m = INDEXED_COLUMN.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String column = m.group(1) != null ? m.group(1) : m.group(2);
            String name = IDENTIFIER.matcher(column).matches() ? column : aliases.get(column);
            String field = name == null || name.length() + 4 > m.group().length() ? m.group() : "row." + name;
            m.appendReplacement(out, Matcher.quoteReplacement(field + " ".repeat(m.group().length() - field.length())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static TypedExpression.Issue issue(CelSourceLocation where, String message) {
        return new TypedExpression.Issue(Math.max(1, where.getLine()), Math.max(1, where.getColumn() + 1), message);
    }

    private static CelType celType(ValueType type) {
        return switch (type) {
            case INT -> NullableType.create(SimpleType.INT);
            case DOUBLE -> NullableType.create(SimpleType.DOUBLE);
            case DECIMAL -> NullableType.create(Decimals.DECIMAL);
            case STRING -> NullableType.create(SimpleType.STRING);
            case BOOL -> NullableType.create(SimpleType.BOOL);
            case BYTES -> NullableType.create(SimpleType.BYTES);
            case TIMESTAMP -> SimpleType.TIMESTAMP;
            case DURATION -> SimpleType.DURATION;
            case NULL -> SimpleType.NULL_TYPE;
            case LIST, MAP, DYN -> SimpleType.DYN;
        };
    }

    private static ValueType valueType(CelType type) {
        CelType plain = type instanceof NullableType nullable ? nullable.targetType() : type;
        if (plain.equals(Decimals.DECIMAL)) {
            return ValueType.DECIMAL;
        }
        CelKind kind = plain.kind();
        return switch (kind) {
            case INT, UINT -> ValueType.INT;
            case DOUBLE -> ValueType.DOUBLE;
            case STRING -> ValueType.STRING;
            case BOOL -> ValueType.BOOL;
            case BYTES -> ValueType.BYTES;
            case TIMESTAMP -> ValueType.TIMESTAMP;
            case DURATION -> ValueType.DURATION;
            case LIST -> ValueType.LIST;
            case MAP -> ValueType.MAP;
            case NULL_TYPE -> ValueType.NULL;
            default -> ValueType.DYN;
        };
    }
}
