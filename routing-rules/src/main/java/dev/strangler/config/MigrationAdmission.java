package dev.strangler.config;

/**
 * How many request-triggered migrations one instance starts ({@code migration.admission:}): a token bucket of
 * {@code burst} tokens refilled at {@code perSecond}. A request in the modern share that finds the bucket empty
 * goes to legacy, its user not attempted (still {@code PENDING}, no ledger entry), so a flood of unknown keys
 * cannot turn into a flood of migrations, ledger entries and database load. Backfill, the command line and the
 * admin API are not limited by it.
 *
 * @param perSecond tokens added per second ({@code perSecond:}, default 50, 1..100000)
 * @param burst     the bucket's size, and how many attempts may start at once after a quiet spell
 *                  ({@code burst:}, default 100, 1..100000)
 */
public record MigrationAdmission(int perSecond, int burst) {

    /** 50 per second, bursts of 100: well above what an instance migrates in normal traffic. */
    public static final MigrationAdmission DEFAULT = new MigrationAdmission(50, 100);

    public MigrationAdmission {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: 1 or more)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: 1 or more)");
        }
    }
}
