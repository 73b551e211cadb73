package dev.strangler.proxy.admin;

import dev.strangler.rules.Upstream;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What {@code GET /admin/status} and the console's overview show: users by state, the share migrated, migrations per
 * second over the last hour, the error rate per upstream, this instance's request path (held, waiting and refused
 * requests), the upstreams' breakers and the fleet's ramps.
 */
public final class FleetStatus {

    private final AdminServices services;

    FleetStatus(AdminServices services) {
        this.services = services;
    }

    /** The status report, read now. */
    public Future<JsonObject> read() {
        return services.migrator().reports().status(services.clock()).map(report -> {
            JsonObject errorRate = new JsonObject();
            for (Upstream upstream : Upstream.values()) {
                errorRate.put(upstream.id(), errorRate(upstream));
            }
            return report.toJson()
                    .put("migrationsPerSecond", report.migratedLastHour() / 3600.0)
                    .put("errorRate", errorRate)
                    .put("requestPath", requestPath())
                    .put("breakers", services.breakers().toJson())
                    .put("ramps", ramps());
        });
    }

    /** Each cohort's stage and the sync's last figures: the {@code coexistence} section of the status. */
    public Future<JsonObject> coexistence() {
        return StageEndpoints.status(services);
    }

    /** The fleet's ramps as this instance last read them, with the gates it last judged for those it drives. */
    private JsonArray ramps() {
        JsonArray ramps = new JsonArray();
        services.ramps().ramps().values().forEach(ramp -> ramps.add(RampEndpoints.describe(services, ramp)));
        return ramps;
    }

    /**
     * This instance's request path: requests held behind a migration now, requests waiting for their user's state
     * or migration now and those released by the hold limit, 503s for an unknown state,
     * migrations refused admission, and whether the migrated keys can answer "certainly not migrated" now.
     */
    private JsonObject requestPath() {
        return new JsonObject()
                .put("heldRequests", services.migrations().held())
                .put("waitingRequests", services.requestPath().waiting())
                .put("holdsExpired", services.requestPath().holdsExpired())
                .put("unknownState503", services.requestPath().unknownStates())
                .put("unknownStateLegacy", services.requestPath().unknownStatesToLegacy())
                .put("admissionsRefused", services.requestPath().admissionsRefused())
                .put("migratedKeys", new JsonObject().put("current", services.keys().current())
                        .put("fingerprints", services.keys().size()));
    }

    /** Share of this instance's responses from {@code upstream} that were 5xx, since it started. */
    private double errorRate(Upstream upstream) {
        double all = 0;
        double failed = 0;
        for (Counter counter : services.registry().find("strangler.requests").tag("upstream", upstream.id())
                .counters()) {
            all += counter.count();
            if ("5xx".equals(counter.getId().getTag("status_class"))) {
                failed += counter.count();
            }
        }
        return all == 0 ? 0 : failed / all;
    }
}
