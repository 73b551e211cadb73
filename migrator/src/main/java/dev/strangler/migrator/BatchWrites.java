package dev.strangler.migrator;

/**
 * How the backfill's set-based load path writes a batch's rows of one entity to modern
 * ({@link BackfillSettings#writes()}; measured in {@code bench/results/backfill.md}).
 */
public enum BatchWrites {
    /**
     * One multi-row statement per entity: the plan's upsert with its {@code VALUES (...)} turned into a
     * {@code SELECT} over {@code unnest} of one array per parameter (see {@code bulk.BatchUpsert}). An upsert of another
     * shape is sent as {@link #BATCHED}.
     */
    MULTI_ROW,
    /** The plan's upsert once per row, every row of the batch sent in one round trip ({@code executeBatch}). */
    BATCHED
}
