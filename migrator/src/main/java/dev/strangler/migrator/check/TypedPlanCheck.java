package dev.strangler.migrator.check;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.config.PlanPositions;
import dev.strangler.config.RowExpression;
import dev.strangler.expression.RowTyping;
import dev.strangler.expression.TypedExpression;
import dev.strangler.expression.ValueType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The typed half of {@code strangler check}: every {@code validate} rule and {@code map} expression is checked
 * with CEL's checker against the columns its entity's {@code fetch} returns on the legacy database
 * ({@link RowTyping}: an unknown column, an operator without an overload, decimal arithmetic with a double, a rule
 * that does not yield a bool), and every upsert parameter against the type PostgreSQL declares for it on the modern
 * database; a {@code map} field no upsert parameter uses is reported too. Each problem names the file, line and
 * column where it was written. What a database that did not answer kept from being checked is said, not guessed.
 */
public final class TypedPlanCheck {

    private final MigrationPlan plan;
    private final Pool legacy;
    private final Function<String, Future<List<String>>> modernParameterTypes;

    /**
     * @param legacy               the legacy database, or null when it did not answer
     * @param modernParameterTypes the parameter types of a modern statement ({@code $1} first), or null when
     *                             modern did not answer
     */
    public TypedPlanCheck(MigrationPlan plan, Pool legacy,
                          Function<String, Future<List<String>>> modernParameterTypes) {
        this.plan = plan;
        this.legacy = legacy;
        this.modernParameterTypes = modernParameterTypes;
    }

    /**
     * What was found.
     *
     * @param problems   one line per problem, {@code file:line:column: path: message}
     * @param notChecked what could not be checked, and why
     */
    public record Result(List<String> problems, List<String> notChecked) {
        public Result {
            problems = List.copyOf(problems);
            notChecked = List.copyOf(notChecked);
        }
    }

    public Future<Result> run() {
        List<Future<List<String>>> entities = new ArrayList<>();
        for (int i = 0; i < plan.entities().size(); i++) {
            entities.add(entity("migration.entities[" + i + "]", plan.entities().get(i)));
        }
        List<String> notChecked = new ArrayList<>();
        if (legacy == null) {
            notChecked.add("validate and map expressions were not type-checked against the fetch columns: "
                    + "legacy did not answer");
        }
        if (modernParameterTypes == null) {
            notChecked.add("upsert parameters were not checked against the modern column types: modern did not "
                    + "answer");
        }
        return Future.join(entities).map(done -> {
            List<String> problems = new ArrayList<>();
            entities.forEach(entity -> problems.addAll(entity.result()));
            return new Result(problems, notChecked);
        });
    }

    private Future<List<String>> entity(String path, EntityPlan entity) {
        Future<Map<String, ValueType>> columns = legacy == null ? Future.succeededFuture(null)
                : FetchColumns.of(legacy, entity.fetch()).otherwise((Map<String, ValueType>) null);
        NamedStatement upsert = NamedStatement.parse(entity.upsert());
        Future<List<String>> parameters = modernParameterTypes == null ? Future.succeededFuture(null)
                : modernParameterTypes.apply(upsert.sql()).otherwise((List<String>) null);
        return Future.join(columns, parameters).map(done -> {
            PlanPositions positions = plan.positions();
            List<String> problems = new ArrayList<>();
            Map<String, ValueType> fieldTypes = new LinkedHashMap<>();
            if (columns.result() != null) {
                RowTyping typing = RowTyping.of(columns.result());
                for (int j = 0; j < entity.validate().size(); j++) {
                    String rulePath = path + ".validate[" + j + "].rule";
                    TypedExpression typed = typed(typing, entity.validate().get(j).rule(), rulePath, problems);
                    if (typed.clean() && typed.type() != ValueType.BOOL && typed.type() != ValueType.DYN) {
                        problems.add(positions.at(rulePath, "yields a " + typed.type().celName()
                                + " (expected: a bool)").toString());
                    }
                }
                entity.map().forEach((field, expression) -> fieldTypes.put(field,
                        typed(typing, expression, path + ".map." + field, problems).type()));
            }
            List<String> declared = parameters.result();
            for (int k = 0; k < upsert.parameters().size(); k++) {
                String name = upsert.parameters().get(k);
                ValueType value = fieldTypes.get(name);
                String problem = declared == null || value == null || k >= declared.size() ? null
                        : ParameterFit.problem(value, declared.get(k));
                if (problem != null) {
                    problems.add(positions.inText(path + ".upsert", NamedStatement.offsetOf(entity.upsert(), name),
                            ":" + name + ": " + problem + " (map." + name + " yields a " + value.celName() + ")")
                            .toString());
                }
            }
            for (String field : entity.map().keySet()) {
                if (!upsert.parameters().contains(field)) {
                    problems.add(positions.at(path + ".map." + field, field + " is not a parameter of the upsert "
                            + "(it would be computed and dropped; expected :" + field + " in upsert)").toString());
                }
            }
            return problems;
        });
    }

    private TypedExpression typed(RowTyping typing, RowExpression expression, String path,
                                         List<String> problems) {
        TypedExpression typed = typing.check(expression.source());
        for (TypedExpression.Issue issue : typed.issues()) {
            problems.add(plan.positions().inExpression(path, issue.line(), issue.column(),
                    issue.message() + " (in: " + expression.source().strip() + ")").toString());
        }
        return typed;
    }
}
