package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's fleet barrier on the request path, through either data plane ({@link Planes}): a request whose decision
 * began before the resolver learnt of a change of the user's state ({@link Route#seen}) is not forwarded on it but
 * decided again; a decision that keeps going stale is refused with 503 and {@code Retry-After}, never forwarded.
 */
class RedecisionTest {

    private Vertx vertx;
    private HttpServer legacy;
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger decisions = new AtomicInteger();
    private final AtomicLong known = new AtomicLong();
    private final List<Long> decidedAgainAfter = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        legacy = vertx.createHttpServer().requestHandler(request -> {
            forwarded.incrementAndGet();
            request.response().end("legacy");
        }).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    /** A resolver that learns of a change of ALFKI's state while each of its first {@code moves} decisions runs. */
    private RouteResolver moving(int moves) {
        return new RouteResolver() {
            @Override
            public Future<Resolution> resolve(RequestHead request) {
                long seen = known.get();
                if (decisions.incrementAndGet() <= moves) {
                    known.incrementAndGet();
                }
                return Future.succeededFuture(new Route(Upstream.LEGACY, "orders", "none", "ALFKI").decidedAt(seen));
            }

            @Override
            public Future<Resolution> resolveAgain(RequestHead request, Route before) {
                decidedAgainAfter.add(before.seen());
                return resolve(request);
            }

            @Override
            public long generation(String userKey) {
                return known.get();
            }
        };
    }

    private HttpResponse<String> get(RouteResolver resolver, InFlightUsers counted) throws Exception {
        ProxySettings settings = Upstreams.at(legacy.actualPort(), legacy.actualPort());
        DataPlane proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                resolver, ExchangeRecorder.none(), RequestTracing.none(), counted).await();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port()
                + "/orders")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDecisionThatWentStale_isTakenAgain_andTheRequestForwardedOnTheCurrentOne() throws Exception {
        HttpResponse<String> response = get(moving(2), new InFlightUsers(vertx));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("legacy");
        assertThat(decisions).as("two stale decisions, then a current one").hasValue(3);
        assertThat(decidedAgainAfter).as("each decided again knowing the stale one (what it settled stays settled)")
                .containsExactly(0L, 1L);
        assertThat(forwarded).hasValue(1);
    }

    @Test
    void aDecisionThatKeepsGoingStale_isRefused503WithRetryAfter_neverForwarded() throws Exception {
        InFlightUsers counted = new InFlightUsers(vertx);

        HttpResponse<String> response = get(moving(Integer.MAX_VALUE), counted);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(decisions).as("decided three times at most").hasValue(3);
        assertThat(forwarded).hasValue(0);
        assertThat(counted.count("ALFKI", Upstream.LEGACY)).isZero();
    }
}
