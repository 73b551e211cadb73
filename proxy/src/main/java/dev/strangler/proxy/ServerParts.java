package dev.strangler.proxy;

import dev.strangler.proxy.admin.AdminListener;
import dev.strangler.proxy.admin.DatabaseProbe;
import dev.strangler.proxy.admin.Readiness;
import dev.strangler.proxy.breaker.UpstreamBreakers;
import dev.strangler.proxy.control.ControlPlane;
import dev.strangler.proxy.forward.DataPlane;
import dev.strangler.proxy.metrics.SyncGauges;
import dev.strangler.proxy.ramp.RampDriver;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.UserFactsCache;
import dev.strangler.proxy.shadow.Shadowing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The parts of a running server that {@link StranglerServer} wired, and the order in which they stop: readiness
 * off and ramps stopped first, then the data plane drains for up to {@code drainTimeout}, then the admin listener,
 * the gauges, the control plane, the probe and the shadow comparison close.
 */
record ServerParts(DataPlane dataPlane, AdminListener admin, Readiness readiness, DecidingResolver resolver,
                   UserFactsCache facts, PrometheusMeterRegistry registry, ControlPlane control, DatabaseProbe probe,
                   Shadowing shadowing, UpstreamBreakers breakers, SyncGauges syncGauges, RampDriver ramps,
                   Duration drainTimeout) {

    /** Graceful stop, in the order above. */
    Future<Void> stop() {
        readiness.draining();
        ramps.close();
        return dataPlane.shutdown(drainTimeout)
                .transform(drained -> admin.close())
                .transform(closed -> {
                    syncGauges.close();
                    return Future.join(control.close(), probe.close(), shadowing.close()).mapEmpty();
                });
    }

    /** Closes what a start that failed had already started (the data plane and admin listener never listened). */
    static void closeAfterFailedStart(SyncGauges syncGauges, RampDriver ramps, Future<ControlPlane> controlled,
                                      Future<DatabaseProbe> probed) {
        syncGauges.close();
        ramps.close();
        if (controlled.succeeded()) {
            controlled.result().close();
        }
        if (probed.succeeded()) {
            probed.result().close();
        }
    }
}
