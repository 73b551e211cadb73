package dev.strangler.config.file;

import dev.strangler.config.Cardinality;
import dev.strangler.config.DatabaseUrl;
import dev.strangler.config.EntityPlan;
import dev.strangler.config.LedgerSnapshots;
import dev.strangler.config.MigrationAdmission;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.config.RollbackStep;
import dev.strangler.config.RowExpression;
import dev.strangler.config.ValidationRule;
import dev.strangler.expression.InvalidExpressionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the {@code migration:} section into a {@link MigrationPlan}, compiling every expression.
 *
 * <p>Beyond the shape of the section it checks what would otherwise fail on a user's first request: each
 * {@code fetch}, {@code cleaned} and {@code uncleaned} statement uses {@code $1} (a statement without it would read
 * or mark every user), entity names are unique, and every {@code :name} of an {@code upsert} is a field of the
 * entity's {@code map}.
 */
final class MigrationPlanReader {

    /** Default for {@code migration.timeout}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default for {@code migration.retryAfter}. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofMinutes(10);

    private static final Set<String> KEYS = Set.of("legacy", "modern", "timeout", "retryAfter", "markDelay",
            "admission", "users", "entities", "cleaned", "rollback", "uncleaned", "ledger");
    private static final Set<String> ADMISSION_KEYS = Set.of("perSecond", "burst");
    private static final Set<String> LEDGER_KEYS = Set.of("snapshots");
    private static final int MAX_ADMISSION = 100_000;
    private static final Set<String> ENTITY_KEYS = Set.of("name", "cardinality", "fetch", "key", "validate", "map",
            "upsert", "userKey");
    private static final Set<String> RULE_KEYS = Set.of("rule", "message", "field");
    private static final Set<String> ROLLBACK_KEYS = Set.of("fetch", "apply", "userKey");
    private static final Pattern USER_KEY_PARAMETER = Pattern.compile("\\$1(?![0-9])");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final DatabaseUrl PLACEHOLDER_URL = new DatabaseUrl("invalid", 5432, "invalid", null, null,
            Map.of());

    private MigrationPlanReader() {
    }

    /** The plan, or null when the section has errors (all of them reported). */
    static MigrationPlan read(ConfigNode section, ConfigProblems problems) {
        if (!section.isPresent()) {
            section.error("missing (required)");
            return null;
        }
        if (!section.expectKeys(KEYS)) {
            return null;
        }
        DatabaseUrl legacy = section.get("legacy").parsed(DatabaseUrl::parse, PLACEHOLDER_URL, true);
        DatabaseUrl modern = section.get("modern").parsed(MigrationPlanReader::modernUrl, PLACEHOLDER_URL, true);
        boolean positionalKey = legacy.kind() == DatabaseUrl.Kind.MYSQL;
        Duration timeout = section.get("timeout").positiveDuration(DEFAULT_TIMEOUT);
        Duration retryAfter = section.get("retryAfter").positiveDuration(DEFAULT_RETRY_AFTER);
        Duration markDelay = section.get("markDelay").duration(timeout.dividedBy(2));
        MigrationAdmission admission = admission(section.get("admission"));
        String users = section.get("users").requiredText();
        List<EntityPlan> entities = entities(section.get("entities"), positionalKey);
        String cleaned = userStatement(section.get("cleaned"), false, positionalKey);
        String uncleaned = userStatement(section.get("uncleaned"), false, positionalKey);
        List<RollbackStep> rollback = new ArrayList<>();
        for (ConfigNode step : section.get("rollback").items()) {
            if (step.expectKeys(ROLLBACK_KEYS)) {
                String fetch = userStatement(step.get("fetch"), true, false);
                String apply = step.get("apply").requiredText();
                if (fetch != null && apply != null) {
                    rollback.add(new RollbackStep(fetch, apply, UserKeyReader.read(step.get("userKey"))));
                }
            }
        }
        LedgerSnapshots snapshots = LedgerSnapshots.FULL;
        ConfigNode ledger = section.get("ledger");
        if (ledger.isPresent() && ledger.expectKeys(LEDGER_KEYS)) {
            snapshots = ledger.get("snapshots").choice(LedgerSnapshots.class, LedgerSnapshots.FULL, false);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new MigrationPlan(legacy, modern, timeout, retryAfter, users, entities, cleaned, rollback, uncleaned,
                PlanVersion.of(section), admission, snapshots, PlanPositionsReader.of(problems.file(), section),
                markDelay);
    }

    private static MigrationAdmission admission(ConfigNode node) {
        if (!node.isPresent() || !node.expectKeys(ADMISSION_KEYS)) {
            return MigrationAdmission.DEFAULT;
        }
        return new MigrationAdmission(
                node.get("perSecond").integer(MigrationAdmission.DEFAULT.perSecond(), 1, MAX_ADMISSION),
                node.get("burst").integer(MigrationAdmission.DEFAULT.burst(), 1, MAX_ADMISSION));
    }

    private static List<EntityPlan> entities(ConfigNode node, boolean positionalKey) {
        List<ConfigNode> items = node.items();
        if (items.isEmpty() && node.isPresent() || !node.isPresent()) {
            node.error(node.isPresent() ? "empty (expected: at least one entity)" : "missing (required)");
        }
        List<EntityPlan> entities = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode item : items) {
            if (!item.expectKeys(ENTITY_KEYS)) {
                continue;
            }
            ConfigNode nameNode = item.get("name");
            String name = nameNode.requiredText();
            if (name != null && !names.add(name)) {
                nameNode.error(name + " (expected: a name not used by another entity)");
            }
            Cardinality cardinality = item.get("cardinality").choice(Cardinality.class, Cardinality.ONE, false);
            String fetch = userStatement(item.get("fetch"), true, positionalKey);
            String key = item.get("key").text();
            List<ValidationRule> rules = new ArrayList<>();
            for (ConfigNode ruleNode : item.get("validate").items()) {
                if (ruleNode.expectKeys(RULE_KEYS)) {
                    RowExpression rule = expression(ruleNode.get("rule"));
                    String message = ruleNode.get("message").text();
                    String field = ruleNode.get("field").text();
                    if (rule != null) {
                        rules.add(new ValidationRule(rule, message == null ? rule.source() : message, field));
                    }
                }
            }
            ConfigNode mapNode = item.get("map");
            Map<String, RowExpression> map = new LinkedHashMap<>();
            if (!mapNode.isPresent()) {
                mapNode.error("missing (required)");
            }
            mapNode.entries().forEach((field, exprNode) -> {
                if (!NAME.matcher(field).matches()) {
                    exprNode.error("'" + field + "' is not a field name (expected: letters, digits and _)");
                }
                RowExpression expression = expression(exprNode);
                if (expression != null) {
                    map.put(field, expression);
                }
            });
            ConfigNode upsertNode = item.get("upsert");
            String upsert = upsertNode.requiredText();
            if (upsert != null) {
                for (String parameter : NamedStatement.parse(upsert).parameters()) {
                    if (mapNode.isMapping() && !mapNode.entries().containsKey(parameter)) {
                        upsertNode.errorAt(NamedStatement.offsetOf(upsert, parameter), ":" + parameter
                                + " is not a field of map (expected one of: "
                                + String.join(", ", mapNode.entries().keySet()) + ")");
                    }
                }
            }
            if (name != null && fetch != null && upsert != null) {
                entities.add(new EntityPlan(name, cardinality, fetch, key, rules, map, upsert,
                        UserKeyReader.read(item.get("userKey"))));
            }
        }
        return entities;
    }

    /** Compiles an expression, reporting a compile error at its position in the file. */
    static RowExpression expression(ConfigNode node) {
        String source = node.requiredText();
        if (source == null) {
            return null;
        }
        try {
            return RowExpression.compile(source);
        } catch (InvalidExpressionException e) {
            node.expressionError(e);
            return null;
        }
    }

    /**
     * A statement on one user. {@code positionalKey}: a MySQL or MariaDB legacy's statement, where the native
     * {@code ?} is the user key as well as {@code $1}.
     */
    private static String userStatement(ConfigNode node, boolean required, boolean positionalKey) {
        String sql = required ? node.requiredText() : node.text();
        if (sql != null && !USER_KEY_PARAMETER.matcher(sql).find()
                && !(positionalKey && sql.indexOf('?') >= 0)) {
            node.error(positionalKey ? "does not use ? or $1, the user key (it would apply to every user)"
                    : "does not use $1, the user key (it would apply to every user)");
        }
        return sql;
    }

    /** The modern database: PostgreSQL only, since the user states, the ledger and the change stream live there. */
    private static DatabaseUrl modernUrl(String text) {
        DatabaseUrl url = DatabaseUrl.parse(text);
        if (url.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new IllegalArgumentException(url + " (expected: a PostgreSQL URL; MySQL and MariaDB are supported"
                    + " as the legacy database only)");
        }
        return url;
    }
}
