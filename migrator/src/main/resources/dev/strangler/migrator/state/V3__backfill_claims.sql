-- Version 3: backfill claims. A backfill worker claims a batch of users by writing its id and a lease expiry on
-- their user_state rows (under FOR UPDATE SKIP LOCKED, so two workers never take the same row); a crashed worker's
-- claims simply expire. Version 2 is the rollout and pins script of another branch: versions come from file names.

ALTER TABLE strangler.user_state
    ADD COLUMN claimed_by        text,
    ADD COLUMN claim_expires_at  timestamptz;

-- The claim scans users of a state in key order from where the worker left off.
CREATE INDEX user_state_backfill ON strangler.user_state (state, user_key);
