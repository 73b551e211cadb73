-- Version 27 (21 to 25 are left to branches numbered apart).
-- When a user's owed cleaned mark is due (README "In transition"). A migration that no request on its
-- instance started (a backfill, strangler migrate, the admin API) does not write its mark at once: requests other
-- instances forwarded to legacy before they heard of the migration may still land there, and the mark's catch-up
-- must read legacy after them. The migration's transaction sets cleaned_due_at from the database's clock (commit
-- time + the mark delay); the committing process's timer and every process's repair write a mark only once it is
-- due, so they agree without comparing two machines' clocks. NULL: due at once (request-path migrations, and every
-- mark owed before this version).
ALTER TABLE strangler.user_state ADD COLUMN cleaned_due_at timestamptz;
