package dev.strangler.migrator.sync;

import java.time.Instant;
import java.util.List;

/**
 * The row changes of one committed transaction on one side, whole (Debezium's transaction metadata brackets them).
 *
 * @param side      {@code legacy} or {@code modern}
 * @param txId      the transaction's id on its server
 * @param committed when it committed there (for the lag)
 * @param changes   its row changes on the captured tables, in order
 * @param own       true when Strangler wrote it (its marker message, or a write to the state schema): never applied
 */
record CapturedTransaction(String side, String txId, Instant committed, List<RowChange> changes, boolean own) {

    CapturedTransaction {
        changes = List.copyOf(changes);
    }
}
