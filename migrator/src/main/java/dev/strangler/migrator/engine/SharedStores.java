package dev.strangler.migrator.engine;

import dev.strangler.migrator.AdminTokenStore;
import dev.strangler.migrator.ChangeAudit;
import dev.strangler.migrator.RampStore;
import dev.strangler.migrator.RolloutStore;
import dev.strangler.migrator.ShadowStore;
import dev.strangler.migrator.state.AdminTokenRows;
import dev.strangler.migrator.state.AuditRows;
import dev.strangler.migrator.state.RampRows;
import dev.strangler.migrator.state.RolloutRows;
import dev.strangler.migrator.state.ShadowRows;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * The state every instance shares apart from users' states: runtime rollout, ramps, admin tokens, shadow results
 * and the audit, each in its tables of the state schema on modern.
 */
record SharedStores(RolloutStore rollout, RampStore ramps, AdminTokenStore tokens, ShadowStore shadow,
                    ChangeAudit audit) {

    static SharedStores on(Pool modern, Clock clock) {
        return new SharedStores(new RolloutRows(modern, clock), new RampRows(modern, clock),
                new AdminTokenRows(modern, clock), new ShadowRows(modern), new AuditRows(modern));
    }
}
