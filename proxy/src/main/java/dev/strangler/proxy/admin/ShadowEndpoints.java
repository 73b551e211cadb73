package dev.strangler.proxy.admin;

import dev.strangler.migrator.ShadowStore;
import dev.strangler.proxy.shadow.ShadowReportView;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /admin/shadow?window=1h}: every instance's shadow comparisons over the window (default 1h), per route:
 * match rate, counts, most frequent differing fields, noise, newest mismatches with both answers.
 */
public final class ShadowEndpoints implements Endpoints {

    private final ShadowStore shadow;
    private final Clock clock;

    public ShadowEndpoints(ShadowStore shadow, Clock clock) {
        this.shadow = shadow;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/shadow").handler(this::report);
    }

    private void report(RoutingContext context) {
        String window = context.request().getParam("window", "1h");
        Duration length;
        try {
            length = ShadowReportView.window(window);
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest(e.getMessage());
        }
        Instant since = clock.instant().minus(length);
        shadow.report(since, ShadowReportView.TOP_FIELDS, ShadowReportView.NEWEST)
                .onSuccess(reports -> AdminApi.send(context, 200, ShadowReportView.json(reports, window, since)))
                .onFailure(context::fail);
    }
}
