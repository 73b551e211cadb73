-- Version 26 (numbered apart from the versions parallel branches add): routing respects cohort stages (issue 17), so
-- every instance learns a stage change as it learns a rollout change: payload "stages" on channel strangler_control,
-- delivered at commit, whoever wrote the row (admin API, command line, strangler retire, SQL by hand).

CREATE FUNCTION strangler.notify_stage_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('strangler_control', 'stages');
    RETURN NULL;
END
$$;

CREATE TRIGGER cohort_stage_changed AFTER INSERT OR UPDATE OR DELETE ON strangler.cohort_stage
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.notify_stage_change();
