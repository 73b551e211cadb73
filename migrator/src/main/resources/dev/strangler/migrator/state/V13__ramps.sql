-- Version 13: automated ramps (issue 16). One row per cohort with the plan it runs and where it stands; an
-- append-only audit of every start, step, pause, resume, abort and completion with its reason and gate values; a
-- lease per cohort so exactly one instance drives a ramp (another takes over once it expires); and each instance's
-- measurements of the cohort's requests and migrations, flushed every few seconds, which the driving instance sums
-- over an interval to judge the gates fleet-wide. Percentages themselves change through strangler.rollout and
-- strangler.rollout_audit, in the same transaction as the ramp's row.

CREATE TABLE strangler.ramp (
    cohort           text        PRIMARY KEY,
    plan             text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('running', 'paused', 'aborted', 'completed')),
    step             integer     NOT NULL CHECK (step >= 0),
    step_started_at  timestamptz NOT NULL,
    started_at       timestamptz NOT NULL,
    changed_by       text        NOT NULL,
    changed_at       timestamptz NOT NULL,
    reason           text,
    gates            text,
    version          bigint      NOT NULL
);

CREATE TABLE strangler.ramp_audit (
    id          bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cohort      text          NOT NULL,
    action      text          NOT NULL CHECK (action IN ('start', 'step', 'pause', 'resume', 'abort', 'complete')),
    step        integer       NOT NULL,
    percent     numeric(5, 2) NOT NULL,
    changed_by  text          NOT NULL,
    changed_at  timestamptz   NOT NULL,
    reason      text,
    gates       text
);

CREATE TRIGGER ramp_audit_is_append_only BEFORE UPDATE OR DELETE ON strangler.ramp_audit
    FOR EACH ROW EXECUTE FUNCTION strangler.refuse_audit_change();
CREATE TRIGGER ramp_audit_is_not_truncated BEFORE TRUNCATE ON strangler.ramp_audit
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.refuse_audit_change();

CREATE TABLE strangler.ramp_lease (
    cohort      text        PRIMARY KEY,
    holder      text        NOT NULL,
    expires_at  timestamptz NOT NULL
);

CREATE TABLE strangler.ramp_sample (
    instance            text        NOT NULL,
    cohort              text        NOT NULL,
    flushed_at          timestamptz NOT NULL,
    legacy_requests     bigint      NOT NULL,
    legacy_errors       bigint      NOT NULL,
    modern_requests     bigint      NOT NULL,
    modern_errors       bigint      NOT NULL,
    legacy_latency      bigint[]    NOT NULL,
    modern_latency      bigint[]    NOT NULL,
    migrations          bigint      NOT NULL,
    migration_failures  bigint      NOT NULL,
    PRIMARY KEY (instance, cohort, flushed_at)
);

CREATE INDEX ramp_sample_by_cohort_and_time ON strangler.ramp_sample (cohort, flushed_at);

-- Channel strangler_control, payload "ramps": every instance re-reads the ramps for its status and gauges.
CREATE FUNCTION strangler.notify_ramp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('strangler_control', 'ramps');
    RETURN NULL;
END
$$;

CREATE TRIGGER ramp_changed AFTER INSERT OR UPDATE OR DELETE ON strangler.ramp
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.notify_ramp_change();
