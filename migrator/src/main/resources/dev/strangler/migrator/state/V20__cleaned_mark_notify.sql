-- Version 20 (13 to 19 are taken or left to branches numbered apart): a user whose cleaned mark is owed
-- (MIGRATED, cleaned_pending) is in transition: no instance serves them until the mark, and the catch-up of legacy
-- writes that goes with it, is written. So a change of cleaned_pending notifies "user KEY" on strangler_control
-- like a change of state or pin: every instance reads the user again when the mark commits (or is owed again)
-- instead of answering 503 until the fact would expire.
DROP TRIGGER user_state_changed ON strangler.user_state;
CREATE TRIGGER user_state_changed AFTER UPDATE ON strangler.user_state
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.pin IS DISTINCT FROM NEW.pin
                       OR OLD.cleaned_pending IS DISTINCT FROM NEW.cleaned_pending)
    EXECUTE FUNCTION strangler.notify_user_change();
