-- Version 18: coexistence (SPEC 11, issue 17). Change data capture keeps legacy and modern in step while both live:
-- the ledger records catch-ups (legacy -> modern, trigger 'sync') and sync-backs (modern -> legacy); the sync
-- process keeps its Debezium offsets, its lease and its last status here; cohort stages and their audit live apart
-- from the rollout tables.

ALTER TABLE strangler.ledger DROP CONSTRAINT ledger_outcome_check;
ALTER TABLE strangler.ledger ADD CONSTRAINT ledger_outcome_check
    CHECK (outcome IN ('MIGRATED', 'INVALID', 'FAILED', 'TIMEOUT', 'ROLLED_BACK', 'SKIPPED', 'CATCH_UP', 'SYNC_BACK'));
ALTER TABLE strangler.ledger DROP CONSTRAINT ledger_trigger_check;
ALTER TABLE strangler.ledger ADD CONSTRAINT ledger_trigger_check
    CHECK (trigger IN ('request', 'backfill', 'cli', 'admin', 'sync'));

-- Debezium's offsets, one row per stream (legacy, modern) and offset key: a restart resumes exactly there.
CREATE TABLE strangler.sync_offsets (
    stream      text        NOT NULL,
    offset_key  bytea       NOT NULL,
    offset_value bytea,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream, offset_key)
);

-- Who holds the replication slots: one sync process at a time, the others stand by and take over on expiry.
CREATE TABLE strangler.sync_lease (
    name        text        PRIMARY KEY,
    holder      text        NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- The holder's last figures, for /admin/status and the proxy's metrics (the sync runs in its own process).
CREATE TABLE strangler.sync_status (
    name        text        PRIMARY KEY,
    holder      text        NOT NULL,
    status      jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE strangler.cohort_stage (
    cohort      text        PRIMARY KEY,
    stage       text        NOT NULL CHECK (stage IN ('legacy', 'migrating', 'coexisting', 'complete')),
    changed_by  text        NOT NULL,
    changed_at  timestamptz NOT NULL,
    reason      text
);

CREATE TABLE strangler.cohort_stage_audit (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cohort      text        NOT NULL,
    old_stage   text,
    new_stage   text        NOT NULL,
    changed_by  text        NOT NULL,
    changed_at  timestamptz NOT NULL,
    reason      text
);

CREATE TRIGGER cohort_stage_audit_is_append_only BEFORE UPDATE OR DELETE ON strangler.cohort_stage_audit
    FOR EACH ROW EXECUTE FUNCTION strangler.refuse_audit_change();
CREATE TRIGGER cohort_stage_audit_is_not_truncated BEFORE TRUNCATE ON strangler.cohort_stage_audit
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.refuse_audit_change();
