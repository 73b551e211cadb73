-- Version 17 (numbered apart from the versions parallel branches add): who changed what, when and why, for the
-- changes that have no audit table of their own (a pin, a rollback, an operator's migration, and any kind added
-- later), and one view over every audited change, so the console's audit lists a new kind without being changed.

CREATE TABLE strangler.change_audit (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind ~ '^[a-z][a-z_]{0,31}$'),
    subject     text        NOT NULL,
    actor       text        NOT NULL,
    changed_at  timestamptz NOT NULL,
    reason      text,
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX change_audit_by_time ON strangler.change_audit (changed_at DESC);

CREATE TRIGGER change_audit_is_append_only BEFORE UPDATE OR DELETE ON strangler.change_audit
    FOR EACH ROW EXECUTE FUNCTION strangler.refuse_audit_change();
CREATE TRIGGER change_audit_is_not_truncated BEFORE TRUNCATE ON strangler.change_audit
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.refuse_audit_change();

-- Every audited change, newest first when ordered by changed_at: rollout changes (a ramp's steps are rollout
-- changes too), token changes, and the rows of change_audit.
CREATE VIEW strangler.audit_log AS
    SELECT 'rollout'::text AS kind, cohort AS subject, changed_by AS actor, changed_at, reason,
           jsonb_build_object('from', old_percent, 'to', new_percent, 'version', version) AS details
    FROM strangler.rollout_audit
    UNION ALL
    SELECT 'token_' || action, name, changed_by, changed_at, NULL, jsonb_build_object('scope', scope)
    FROM strangler.admin_token_audit
    UNION ALL
    SELECT kind, subject, actor, changed_at, reason, details FROM strangler.change_audit;
