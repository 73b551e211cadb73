package dev.strangler.expression;

/**
 * What an expression sees in one column of a source row, as {@link RowTyping} declares it to CEL's checker: the
 * type the value has after the database client read it and {@code CelValues} converted it (an {@code integer}
 * column is an {@code INT}, a {@code numeric} or {@code money} column a {@code DECIMAL}, every date and time a
 * {@code TIMESTAMP}). {@code DYN} is a column whose type Strangler cannot name; expressions over it are checked as
 * loosely as without a declared row.
 */
public enum ValueType {
    INT, DOUBLE, DECIMAL, STRING, BOOL, BYTES, TIMESTAMP, DURATION, LIST, MAP, NULL, DYN;

    /** How expressions and messages name it: {@code int}, {@code decimal}, {@code timestamp}. */
    public String celName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
