package dev.strangler.config;

/**
 * What each ledger entry of a migration keeps of the user's data ({@code migration.ledger.snapshots}). Full
 * snapshots double the bytes every migration writes; the lighter modes keep enough for {@code strangler verify}.
 */
public enum LedgerSnapshots {
    /** The legacy rows read and the modern rows written, as JSON (the default). */
    FULL,
    /** The legacy rows read only; verify re-transforms what legacy holds now and compares it with modern. */
    SOURCE,
    /**
     * Per entity, the SHA-256 of its legacy rows and of its modern rows ({@code {"customer": "sha256:…"}}): enough
     * for verify to tell whether legacy or the transformation changed since the migration, 64 characters each.
     */
    HASH
}
