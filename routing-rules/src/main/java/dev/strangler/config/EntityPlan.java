package dev.strangler.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one entity of a user moves from legacy to modern.
 *
 * @param name        the entity's name, as in ledger entries and reports ({@code name:}, required, unique)
 * @param cardinality whether the fetch yields exactly one row or any number ({@code cardinality: one | many},
 *                    default {@code one})
 * @param fetch       SQL on the legacy database; {@code $1} is the user key ({@code fetch:}, required)
 * @param key         the source column that identifies a row in reports and violations; null for the first column
 *                    ({@code key:})
 * @param validate    rules every fetched row must satisfy, in order; all of them are checked ({@code validate:}, a
 *                    list of {@code {rule, message, field}}; see {@link ValidationRule})
 * @param map         target field to expression over the source row, in the order written ({@code map:},
 *                    required; expressions as documented on {@link dev.strangler.expression.ExpressionLanguage})
 * @param upsert      SQL on the modern database with named parameters ({@code :field}) taken from {@code map}
 *                    ({@code upsert:}, required; a {@code :name} that is not a field of {@code map} is an error;
 *                    {@link NamedStatement#parse} gives its positional form)
 * @param userKeys    how a changed legacy row finds its user, for {@code strangler sync} ({@code userKey:}, optional;
 *                    see {@link UserKey}); empty to derive it from the fetch
 */
public record EntityPlan(String name, Cardinality cardinality, String fetch, String key,
                         List<ValidationRule> validate, Map<String, RowExpression> map, String upsert,
                         List<UserKey> userKeys) {

    public EntityPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cardinality, "cardinality");
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(upsert, "upsert");
        validate = List.copyOf(validate);
        map = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
        userKeys = List.copyOf(userKeys);
    }

    /** An entity whose rows find their users from its fetch. */
    public EntityPlan(String name, Cardinality cardinality, String fetch, String key, List<ValidationRule> validate,
                      Map<String, RowExpression> map, String upsert) {
        this(name, cardinality, fetch, key, validate, map, upsert, List.of());
    }
}
