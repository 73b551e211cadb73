package dev.strangler.migrator.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.LedgerSnapshots;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each {@code ledger.snapshots} mode records, and what verify finds in it. */
class LedgerSnapshotPolicyTest {

    private static final Map<String, List<Map<String, Object>>> ROWS = Map.of("customer",
            List.of(Map.of("id", "ALFKI", "freight", new BigDecimal("32.38"))));
    private static final Map<String, List<Map<String, Object>>> CHANGED = Map.of("customer",
            List.of(Map.of("id", "ALFKI", "freight", new BigDecimal("32.39"))));

    @Test
    void full_keepsBothSnapshotsAsRows() {
        LedgerSnapshotPolicy full = new LedgerSnapshotPolicy(LedgerSnapshots.FULL);
        assertThat(full.source(ROWS)).isEqualTo(Snapshots.of(ROWS));
        assertThat(full.target(ROWS)).isEqualTo(Snapshots.of(ROWS));
        assertThat(LedgerSnapshotPolicy.differences(full.target(ROWS), ROWS)).isEmpty();
        assertThat(LedgerSnapshotPolicy.differences(full.target(ROWS), CHANGED)).containsExactly("customer");
    }

    @Test
    void source_keepsNoTargetSnapshot_andVerifyComparesNothingWithIt() {
        LedgerSnapshotPolicy source = new LedgerSnapshotPolicy(LedgerSnapshots.SOURCE);
        assertThat(source.source(ROWS)).isEqualTo(Snapshots.of(ROWS));
        assertThat(source.target(ROWS)).isNull();
        assertThat(LedgerSnapshotPolicy.differences(source.target(ROWS), CHANGED)).isEmpty();
    }

    @Test
    void hash_keepsOneSha256PerEntity_enoughToTellAChange() {
        LedgerSnapshotPolicy hash = new LedgerSnapshotPolicy(LedgerSnapshots.HASH);
        JsonObject target = hash.target(ROWS);
        assertThat(target.fieldNames()).containsExactly("customer");
        assertThat(target.getString("customer")).matches("sha256:[0-9a-f]{64}");
        assertThat(hash.source(ROWS)).isEqualTo(target);
        assertThat(LedgerSnapshotPolicy.differences(target, ROWS)).isEmpty();
        assertThat(LedgerSnapshotPolicy.differences(target, CHANGED)).containsExactly("customer");
    }
}
