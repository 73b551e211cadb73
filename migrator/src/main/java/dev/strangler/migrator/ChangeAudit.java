package dev.strangler.migrator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who changed what, when and why: every audited change in one list (rollout changes, token changes, pins,
 * rollbacks, operators' migrations, and any kind added later), shared by every instance in the state database. The
 * audit is append-only; an entry is written in the same transaction as its change where the store allows it (a pin)
 * and right after it otherwise (a rollback, whose ledger entry is written by the rollback itself).
 */
public interface ChangeAudit {

    /** Appends one entry. */
    Future<Void> record(Entry entry);

    /** The newest {@code limit} entries of every kind, newest first. */
    Future<List<Entry>> recent(int limit);

    /**
     * One audited change.
     *
     * @param kind    what changed, lower case: {@code rollout}, {@code pin}, {@code rollback}, {@code token_add}, ...
     * @param subject what it changed: a cohort, a user key, a token name
     * @param actor   who: {@code token:NAME}, {@code PERSON (token:NAME)} or {@code cli:USER}
     * @param at      when
     * @param reason  the operator's reason, or null
     * @param details the change itself ({@code {"from": 30, "to": 60}}, {@code {"to": "legacy"}}, an outcome)
     */
    record Entry(String kind, String subject, String actor, Instant at, String reason, JsonObject details) {

        private static final Pattern KIND = Pattern.compile("[a-z][a-z_]{0,31}");

        public Entry {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(at, "at");
            if (kind == null || !KIND.matcher(kind).matches()) {
                throw new IllegalArgumentException("kind: " + kind + " (expected: 1 to 32 of a-z and _)");
            }
            details = details == null ? new JsonObject() : details.copy();
        }
    }
}
