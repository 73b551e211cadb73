package dev.strangler.config;

/** How many legacy rows an entity's fetch query yields for one user. */
public enum Cardinality {
    /** Exactly one row; none or several is a violation. */
    ONE,
    /** Zero or more rows. */
    MANY
}
