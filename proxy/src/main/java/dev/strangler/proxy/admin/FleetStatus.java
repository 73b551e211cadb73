package dev.strangler.proxy.admin;

import dev.strangler.migrator.Reports;
import dev.strangler.proxy.breaker.UpstreamBreakers;
import dev.strangler.proxy.ramp.RampDriver;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * What {@code GET /admin/status} and the console's overview show: users by state, the share migrated, migrations per
 * second over the last hour, the error rate per upstream, this instance's request path (held, waiting and refused
 * requests), the upstreams' breakers and the fleet's ramps.
 */
public final class FleetStatus {

    private final Reports reports;
    private final Clock clock;
    private final InstanceStatus instance;
    private final UpstreamBreakers breakers;
    private final RampDriver driver;
    private final StageStatus stages;

    public FleetStatus(Reports reports, Clock clock, InstanceStatus instance, UpstreamBreakers breakers,
                       RampDriver driver, StageStatus stages) {
        this.reports = reports;
        this.clock = clock;
        this.instance = instance;
        this.breakers = breakers;
        this.driver = driver;
        this.stages = stages;
    }

    /** The status report, read now. */
    public Future<JsonObject> read() {
        return reports.status(clock).map(report -> {
            return report.toJson()
                    .put("migrationsPerSecond", report.migratedLastHour() / 3600.0)
                    .put("errorRate", instance.errorRates())
                    .put("requestPath", instance.requestPath())
                    .put("breakers", breakers.toJson())
                    .put("ramps", ramps());
        });
    }

    /** Each cohort's stage and the sync's last figures: the {@code coexistence} section of the status. */
    public Future<JsonObject> coexistence() {
        return stages.status();
    }

    /** The fleet's ramps as this instance last read them, with the gates it last judged for those it drives. */
    private JsonArray ramps() {
        JsonArray ramps = new JsonArray();
        driver.ramps().values().forEach(ramp -> ramps.add(RampEndpoints.describe(driver, ramp)));
        return ramps;
    }
}
