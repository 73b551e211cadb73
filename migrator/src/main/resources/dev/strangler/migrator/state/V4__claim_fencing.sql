-- Version 4: fencing for backfill claims. Every claim of a user increments claim_epoch; a worker's outcome for the
-- user is written only in a transaction that still finds its own id and epoch on the row, with the lease not
-- expired (SELECT ... FOR UPDATE, so a takeover waits for that commit or is seen by it). A worker paused past its
-- lease therefore cannot act on a claim another worker took over.

ALTER TABLE strangler.user_state
    ADD COLUMN claim_epoch bigint NOT NULL DEFAULT 0;
