package dev.strangler.migrator.bulk;

/**
 * The set-based read of one entity for a batch of users, derived from the entity's {@code fetch} with no change to
 * the plan: the fetch becomes a lateral subquery run once per key of the array bound as {@code $1}, inside one
 * statement, and every row comes back with its user's key and its position in that user's result. For
 * {@code SELECT * FROM orders WHERE customer_id = $1 ORDER BY order_id}, with {@code $1} declared
 * {@code character}:
 *
 * <pre>{@code
 * SELECT k.strangler_key, f.* FROM unnest($1::text[]) WITH ORDINALITY AS k(strangler_key, strangler_order)
 * CROSS JOIN LATERAL (SELECT row_number() OVER () AS strangler_row, s.* FROM (
 *     SELECT * FROM orders WHERE customer_id = CAST(k.strangler_key AS bpchar) ORDER BY order_id) AS s) AS f
 * ORDER BY k.strangler_order, f.strangler_row
 * }</pre>
 *
 * <p>So each user gets exactly the rows, in the order, that the fetch gives them alone: the key is cast to the type
 * PostgreSQL declares for the fetch's {@code $1} (so the same index serves both), and each user's rows keep the
 * fetch's own {@code ORDER BY}. Any fetch that PostgreSQL accepts as a subquery can be batched this way;
 * {@code strangler check} prepares the derived statement of every entity.
 */
final class BatchFetch {

    /** Columns the derived statement puts before the fetch's own: the user key and the row's position. */
    static final int BOOKKEEPING_COLUMNS = 2;

    private BatchFetch() {
    }

    /** The batch form of the fetch, whose {@code $1} PostgreSQL declares as {@code keyType} (null: text). */
    static String derive(String fetch, String keyType) {
        String key = "CAST(k.strangler_key AS " + castable(keyType == null ? "text" : keyType) + ")";
        String inner = SqlText.replaceParameters(withoutSemicolon(fetch), n -> n == 1 ? key : "$" + n);
        return "SELECT k.strangler_key, f.* FROM unnest($1::text[]) WITH ORDINALITY AS k(strangler_key,"
                + " strangler_order) CROSS JOIN LATERAL (SELECT row_number() OVER () AS strangler_row, s.* FROM ("
                + inner + ") AS s) AS f ORDER BY k.strangler_order, f.strangler_row";
    }

    /**
     * A type name a cast accepts with the meaning PostgreSQL gave the parameter: {@code pg_prepared_statements}
     * names {@code bpchar} {@code character}, which in a cast means {@code character(1)} and would cut the value.
     */
    static String castable(String type) {
        return switch (type) {
            case "character" -> "bpchar";
            case "bit" -> "varbit";
            default -> type;
        };
    }

    static String withoutSemicolon(String sql) {
        String statement = sql.strip();
        while (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        return statement;
    }
}
