-- Version 11: a user's state row that is deleted (an operator's clean-up, a restore) notifies "user KEY" on
-- strangler_control like an insert or a change does, so every instance forgets what it remembered of the user
-- instead of trusting it until it expires. (V7-V9 are left to branches numbered apart.)
CREATE FUNCTION strangler.notify_user_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('strangler_control', 'user ' || OLD.user_key);
    RETURN NULL;
END
$$;

CREATE TRIGGER user_state_deleted AFTER DELETE ON strangler.user_state
    FOR EACH ROW EXECUTE FUNCTION strangler.notify_user_deleted();
