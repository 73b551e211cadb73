package dev.strangler.migrator.bulk;

/**
 * The set-based form of the plan's {@code cleaned} statement: the mark of a whole batch of users in one statement on
 * a PostgreSQL legacy, derived with no change to the plan. The per-user statement runs once per key of the array
 * bound as {@code $1}, through a join with it: for {@code UPDATE customers SET migrated_at = now() WHERE
 * customer_id = $1 AND fault_refuse($1)}, with {@code $1} declared {@code character},
 *
 * <pre>{@code
 * UPDATE customers SET migrated_at = now()
 * FROM unnest($1::text[]) AS k(strangler_key)
 * WHERE customer_id = CAST(k.strangler_key AS bpchar) AND fault_refuse(CAST(k.strangler_key AS bpchar))
 * }</pre>
 *
 * <p>Each user's rows are updated, and locked until the transaction ends, as their own statement would; a function
 * the statement calls is called once per key. Only the plain shape {@code UPDATE ... SET ... WHERE ...} with
 * {@code $1} as its one parameter is derived (no {@code FROM}, {@code USING}, {@code RETURNING} or {@code WITH} of its
 * own, which a join could change the meaning of); any other mark is run once per key in one batch.
 */
final class BatchMark {

    private BatchMark() {
    }

    /**
     * The batch form of the mark, whose {@code $1} PostgreSQL declares as {@code keyType} (null: text); null when the
     * statement is not of the plain shape.
     */
    static String derive(String cleaned, String keyType) {
        String statement = BatchFetch.withoutSemicolon(cleaned);
        int where = SqlText.indexOfKeyword(statement, "where", 0);
        boolean plain = SqlText.indexOfKeyword(statement, "update", 0) == 0
                && SqlText.indexOfKeyword(statement, "set", 0) > 0
                && where > 0 && SqlText.indexOfKeyword(statement, "where", where + 5) < 0
                && SqlText.indexOfKeyword(statement, "from", 0) < 0
                && SqlText.indexOfKeyword(statement, "using", 0) < 0
                && SqlText.indexOfKeyword(statement, "returning", 0) < 0
                && SqlText.indexOfKeyword(statement, "with", 0) < 0
                && onlyTheKey(statement);
        if (!plain) {
            return null;
        }
        String key = "CAST(k.strangler_key AS " + BatchFetch.castable(keyType == null ? "text" : keyType) + ")";
        String head = SqlText.replaceParameters(statement.substring(0, where), n -> key);
        String condition = SqlText.replaceParameters(statement.substring(where), n -> key);
        return head.stripTrailing() + " FROM unnest($1::text[]) AS k(strangler_key) " + condition;
    }

    private static boolean onlyTheKey(String statement) {
        boolean[] other = {false};
        SqlText.replaceParameters(statement, n -> {
            other[0] |= n != 1;
            return "";
        });
        return !other[0];
    }
}
