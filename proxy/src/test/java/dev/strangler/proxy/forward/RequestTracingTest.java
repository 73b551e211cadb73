package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proxied request is a SERVER span exported by a real SDK, and the upstream receives that span's context as its
 * {@code traceparent}, child of the client's own when it sent one.
 */
class RequestTracingTest {

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final BlockingQueue<SpanData> spans = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private Vertx vertx;
    private DataPlane proxy;

    /** A proxy, a backend and queues of their own for every test: a span that ends late stays in its own test. */
    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        HttpServer backend = vertx.createHttpServer().requestHandler(request -> {
            received.add(String.valueOf(request.getHeader("traceparent")));
            request.response().end("ok");
        }).listen(0, "127.0.0.1").await();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new Collecting(spans))).build();
        Route route = new Route(Upstream.MODERN, "orders", "pilot");
        ProxySettings settings = Upstreams.at(backend.actualPort(), backend.actualPort());
        proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                head -> Future.succeededFuture(route), ExchangeRecorder.none(),
                new RequestTracing(provider.get("test"))).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void request_isAServerSpanWhoseContextTheUpstreamReceives() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/orders/7?secret=x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        SpanData span = spans.poll(5, TimeUnit.SECONDS);
        assertThat(span).isNotNull();
        assertThat(span.getName()).isEqualTo("HTTP GET");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("http.request.method"))).isEqualTo("GET");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/orders/7");
        assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("strangler.upstream"))).isEqualTo("modern");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("strangler.route"))).isEqualTo("orders");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("strangler.cohort"))).isEqualTo("pilot");
        assertThat(received.poll(5, TimeUnit.SECONDS))
                .isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01");
    }

    @Test
    void clientTraceparent_isTheSpansParentAndIsReplacedUpstream() throws Exception {
        CLIENT.send(HttpRequest.newBuilder(uri("/orders"))
                .header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01").build(),
                HttpResponse.BodyHandlers.ofString());

        SpanData span = spans.poll(5, TimeUnit.SECONDS);
        assertThat(span).isNotNull();
        assertThat(span.getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("00-" + CLIENT_TRACE + "-" + span.getSpanId() + "-01");
    }

    @Test
    void withoutAnSdk_theClientsTraceparentPassesThroughUnchanged() throws Exception {
        String traceparent = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01";
        HttpServer backend = vertx.createHttpServer().requestHandler(request -> {
            received.add(String.valueOf(request.getHeader("traceparent")));
            request.response().end("ok");
        }).listen(0, "127.0.0.1").await();
        ProxySettings untracedSettings = Upstreams.at(backend.actualPort(), backend.actualPort());
        DataPlane untraced = Planes.start(vertx, untracedSettings,
                ServerOptions.dataPlane(untracedSettings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none(),
                RequestTracing.none()).await();

        CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + untraced.port() + "/"))
                .header("traceparent", traceparent).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(traceparent);
        assertThat(spans).isEmpty();
    }

    private URI uri(String target) {
        return URI.create("http://127.0.0.1:" + proxy.port() + target);
    }

    /** Hands every finished span to the test. */
    private static final class Collecting implements SpanExporter {

        private final BlockingQueue<SpanData> collected;

        Collecting(BlockingQueue<SpanData> collected) {
            this.collected = collected;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            collected.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
