-- Version 6: state ROLLING_BACK. A rollback commits it (and, through the state-change trigger, notifies every
-- instance) before it copies anything, so no instance sends the user's requests to either side meanwhile; it ends
-- as ROLLED_BACK, or back as MIGRATED when the rollback could not finish.

ALTER TABLE strangler.user_state DROP CONSTRAINT user_state_state_check;
ALTER TABLE strangler.user_state ADD CONSTRAINT user_state_state_check
    CHECK (state IN ('PENDING', 'MIGRATED', 'INVALID', 'FAILED', 'ROLLED_BACK', 'ROLLING_BACK'));
