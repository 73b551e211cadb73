-- Version 5: ledger outcome CATCH_UP. Before legacy's cleaned mark commits, the user's legacy data is read again
-- under the mark's row lock and compared with the migrated snapshot; what changed in between (a legacy write that
-- was in flight when the migration started) is upserted into modern and recorded as a CATCH_UP entry.

ALTER TABLE strangler.ledger DROP CONSTRAINT ledger_outcome_check;
ALTER TABLE strangler.ledger ADD CONSTRAINT ledger_outcome_check
    CHECK (outcome IN ('MIGRATED', 'INVALID', 'FAILED', 'TIMEOUT', 'ROLLED_BACK', 'SKIPPED', 'CATCH_UP'));
