-- Version 1: one row per user with its migration state, and the append-only ledger of every attempt (SPEC 4.3).

CREATE TABLE strangler.user_state (
    user_key         text        PRIMARY KEY,
    state            text        NOT NULL CHECK (state IN ('PENDING', 'MIGRATED', 'INVALID', 'FAILED', 'ROLLED_BACK')),
    pin              text        CHECK (pin IN ('legacy', 'modern')),
    attempts         integer     NOT NULL DEFAULT 0,
    last_attempt_at  timestamptz,
    last_error       text,
    last_ledger_id   bigint,
    cleaned_pending  boolean     NOT NULL DEFAULT false,
    cleaned_at       timestamptz,
    cleaned_tries    integer     NOT NULL DEFAULT 0,
    cleaned_error    text,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX user_state_by_state ON strangler.user_state (state, last_attempt_at);
CREATE INDEX user_state_cleaned_pending ON strangler.user_state (user_key) WHERE cleaned_pending;

CREATE TABLE strangler.ledger (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_key         text        NOT NULL,
    attempt          integer     NOT NULL,
    trigger          text        NOT NULL CHECK (trigger IN ('request', 'backfill', 'cli', 'admin')),
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz NOT NULL,
    duration_ms      bigint      NOT NULL,
    plan_version     text        NOT NULL,
    source_snapshot  jsonb,
    target_snapshot  jsonb,
    errors           jsonb       NOT NULL DEFAULT '[]'::jsonb,
    instance_id      text        NOT NULL,
    outcome          text        NOT NULL
        CHECK (outcome IN ('MIGRATED', 'INVALID', 'FAILED', 'TIMEOUT', 'ROLLED_BACK', 'SKIPPED'))
);

CREATE INDEX ledger_by_user ON strangler.ledger (user_key, id DESC);
CREATE INDEX ledger_by_outcome_and_time ON strangler.ledger (outcome, finished_at DESC);
-- "Which users failed rule R?": errors @> '[{"rule": "R"}]' uses this index.
CREATE INDEX ledger_by_failed_rule ON strangler.ledger USING gin (errors jsonb_path_ops);

CREATE FUNCTION strangler.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'strangler.ledger is append-only: % refused', TG_OP;
END
$$;

CREATE TRIGGER ledger_is_append_only BEFORE UPDATE OR DELETE ON strangler.ledger
    FOR EACH ROW EXECUTE FUNCTION strangler.refuse_ledger_change();
CREATE TRIGGER ledger_is_not_truncated BEFORE TRUNCATE ON strangler.ledger
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.refuse_ledger_change();

-- When the legacy "cleaned" mark of a MIGRATED ledger entry was finally written: kept apart so the ledger
-- itself never changes.
CREATE TABLE strangler.ledger_cleaned (
    ledger_id   bigint      PRIMARY KEY REFERENCES strangler.ledger (id),
    cleaned_at  timestamptz NOT NULL,
    tries       integer     NOT NULL
);
