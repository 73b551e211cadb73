package dev.strangler.proxy.shadow;

import dev.strangler.config.CompareConfig;
import dev.strangler.config.ShadowConfig;
import dev.strangler.migrator.ShadowStore;
import dev.strangler.proxy.breaker.UpstreamHealth;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.ResponseTap;
import dev.strangler.proxy.forward.ResponseTaps;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Shadow comparison (SPEC §10), the data plane's {@link ResponseTaps}: picks the sampled safe requests of routes
 * with a {@code compare:}, lets the primary answer stream to the user untouched while keeping a copy of it, and
 * only once the user has their answer sends the same request to the other side ({@link ShadowClient}, marked
 * {@code X-Strangler-Shadow: 1}) and compares ({@link Comparing}). Unless the route is {@code compareOnly}, only
 * requests that modern served to a user whose state is {@code MIGRATED} are compared: their legacy data is still
 * readable, so both systems can answer them. At most {@code shadow.concurrency} comparisons run at once; a sampled
 * request finding no free slot, or whose other side is ejected ({@link UpstreamHealth}), is {@code skipped}. Results are flushed to the state database every
 * {@link #FLUSH_EVERY_MS} ms.
 */
public final class Shadowing implements ResponseTaps {

    static final long FLUSH_EVERY_MS = 5_000;

    private final Vertx vertx;
    private final ShadowConfig config;
    private final ShadowClient client;
    private final ShadowResults results;
    private final ShadowStore store;
    private final Function<String, Future<UserState>> states;
    private final UnaryOperator<String> shownKey;
    private final Clock clock;
    private final UpstreamHealth health;
    private final AtomicInteger running = new AtomicInteger();
    private long timer = -1;

    /**
     * @param states   a user's state, as the request path knows it (the user-facts cache)
     * @param shownKey how a user key is stored with a mismatch (itself, or its hash under
     *                 {@code shadow.hashUserKeys})
     * @param health   which upstream is ejected: an ejected side gets no shadow requests (they are skipped)
     */
    public Shadowing(Vertx vertx, ShadowConfig config, HttpClient client, ShadowRequests requests, ShadowStore store,
                     Function<String, Future<UserState>> states, UnaryOperator<String> shownKey,
                     MeterRegistry registry, Clock clock, UpstreamHealth health) {
        this.health = health;
        this.vertx = vertx;
        this.config = config;
        this.client = new ShadowClient(client, requests, config.maxBodySize());
        this.results = new ShadowResults(registry, clock, config.keep());
        this.store = store;
        this.states = states;
        this.shownKey = shownKey;
        this.clock = clock;
    }

    /** Starts the periodic flush of results to the state database. */
    public Shadowing start() {
        if (config.enabled()) {
            timer = vertx.setPeriodic(FLUSH_EVERY_MS, id -> flush());
        }
        return this;
    }

    /** This instance's results, for gates. */
    public MatchRates matchRates() {
        return results;
    }

    /** Writes what was counted since the last flush. */
    public Future<Void> flush() {
        return results.flush(store, config.retention());
    }

    /** Stops the flush after a last one and closes the shadow connections. */
    public Future<Void> close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return flush().recover(failed -> Future.succeededFuture()).transform(flushed -> client.close());
    }

    @Override
    public ResponseTap open(RequestHead request, Route route, Supplier<MultiMap> upstreamHeaders) {
        CompareConfig compare = config.routes().get(route.rule());
        if (compare == null || !compare.compares(request.method().name())) {
            return null;
        }
        if (!compare.compareOnly() && (route.userKey() == null || route.upstream() != Upstream.MODERN)) {
            return null;
        }
        if (ThreadLocalRandom.current().nextInt(10_000) >= compare.sample().basisPoints()) {
            return null;
        }
        return new PrimaryTap(new Comparing.Request(compare, route, request.method(), uri(request),
                MultiMap.caseInsensitiveMultiMap().addAll(upstreamHeaders.get())));
    }

    private static String uri(RequestHead request) {
        if (request.uri().startsWith("/")) {
            return request.uri();
        }
        return request.path() + (request.query() == null ? "" : "?" + request.query());
    }

    /** Compares once the primary answer has reached the user; a primary that failed is not compared. */
    private void compare(Comparing.Request request, BodyCapture primary) {
        if (running.incrementAndGet() > config.concurrency()) {
            running.decrementAndGet();
            results.record(request.route().rule(), request.route().cohort(), ShadowResult.SKIPPED, List.of(),
                    List.of(), null);
            return;
        }
        servable(request).compose(both -> both
                        ? new Comparing(request, client, clock, shownKey).run(primary.captured())
                        : Future.succeededFuture(Comparing.Outcome.SKIPPED))
                .onComplete(done -> {
                    running.decrementAndGet();
                    Comparing.Outcome outcome = done.succeeded() ? done.result() : Comparing.Outcome.ERROR;
                    results.record(request.route().rule(), request.route().cohort(), outcome.result(),
                            outcome.fields(), outcome.noise(), outcome.mismatch());
                });
    }

    /**
     * Whether both systems can answer for this user: any user on a compare-only route, else a migrated one; and
     * neither side the comparison asks is ejected.
     */
    private Future<Boolean> servable(Comparing.Request request) {
        Upstream other = request.route().upstream() == Upstream.MODERN ? Upstream.LEGACY : Upstream.MODERN;
        if (health.ejected(other) || request.compare().noise() && health.ejected(Upstream.LEGACY)) {
            return Future.succeededFuture(false);
        }
        if (request.compare().compareOnly()) {
            return Future.succeededFuture(true);
        }
        return states.apply(request.route().userKey()).map(state -> state == UserState.MIGRATED)
                .otherwise(false);
    }

    /** Keeps the primary answer as it streams to the user. */
    private final class PrimaryTap implements ResponseTap {
        private final Comparing.Request request;
        private final BodyCapture capture = new BodyCapture(config.maxBodySize());

        PrimaryTap(Comparing.Request request) {
            this.request = request;
        }

        @Override
        public void head(int status, MultiMap headers) {
            capture.head(status, headers);
        }

        @Override
        public void chunk(Buffer chunk) {
            capture.chunk(chunk);
        }

        @Override
        public void ended() {
            compare(request, capture);
        }

        @Override
        public void failed() {
            results.record(request.route().rule(), request.route().cohort(), ShadowResult.SKIPPED, List.of(),
                    List.of(), null);
        }
    }
}
