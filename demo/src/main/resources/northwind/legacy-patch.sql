-- The one change a team makes to the legacy database for Strangler.
--
-- customers.migrated_at is the "cleaned" mark: NULL while the customer lives in legacy, the time of migration once
-- the customer's data has been copied to the modern database. The migration plan's `cleaned` statement sets it,
-- `uncleaned` (rollback) clears it. It is nullable and has no default, so the legacy application, which names its
-- columns, neither sees nor needs it: the patch is safe to apply to a running legacy system, and safe to re-apply.
ALTER TABLE customers ADD COLUMN IF NOT EXISTS migrated_at timestamptz;

COMMENT ON COLUMN customers.migrated_at IS
    'Strangler: when this customer was migrated to the modern system; NULL while legacy owns the customer.';
