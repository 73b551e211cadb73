-- Version 2: runtime rollout percentages shared by every proxy instance, their append-only audit log, and the
-- notifications that let every instance apply a change within a second (SPEC 6). Pins stay in user_state.

CREATE TABLE strangler.rollout (
    cohort      text          PRIMARY KEY,
    percent     numeric(5, 2) CHECK (percent >= 0 AND percent <= 100),  -- NULL: the configuration file's value
    version     bigint        NOT NULL,
    changed_by  text          NOT NULL,
    changed_at  timestamptz   NOT NULL,
    reason      text
);

CREATE TABLE strangler.rollout_audit (
    id           bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cohort       text          NOT NULL,
    old_percent  numeric(5, 2),
    new_percent  numeric(5, 2),
    version      bigint        NOT NULL,
    changed_by   text          NOT NULL,
    changed_at   timestamptz   NOT NULL,
    reason       text
);

CREATE FUNCTION strangler.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'strangler.% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;

CREATE TRIGGER rollout_audit_is_append_only BEFORE UPDATE OR DELETE ON strangler.rollout_audit
    FOR EACH ROW EXECUTE FUNCTION strangler.refuse_audit_change();
CREATE TRIGGER rollout_audit_is_not_truncated BEFORE TRUNCATE ON strangler.rollout_audit
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.refuse_audit_change();

-- Channel strangler_control: payload "rollout" after a runtime percentage changed, "user KEY" after a user's
-- state or pin changed. NOTIFY is delivered at commit, so listeners never see a change that was rolled back, and
-- every writer (proxy, admin API, command line, backfill) is covered without remembering to notify.
CREATE FUNCTION strangler.notify_rollout_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('strangler_control', 'rollout');
    RETURN NULL;
END
$$;

CREATE FUNCTION strangler.notify_user_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('strangler_control', 'user ' || NEW.user_key);
    RETURN NULL;
END
$$;

CREATE TRIGGER rollout_changed AFTER INSERT OR UPDATE OR DELETE ON strangler.rollout
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.notify_rollout_change();
CREATE TRIGGER user_state_inserted AFTER INSERT ON strangler.user_state
    FOR EACH ROW EXECUTE FUNCTION strangler.notify_user_change();
CREATE TRIGGER user_state_changed AFTER UPDATE ON strangler.user_state
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.pin IS DISTINCT FROM NEW.pin)
    EXECUTE FUNCTION strangler.notify_user_change();
