package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code strangler run} builds an OpenTelemetry SDK only when the environment asks for trace export. */
class OpenTelemetrySetupTest {

    @Test
    void noOtelVariables_initialisesNothing() {
        assertThat(OpenTelemetrySetup.fromEnvironment(Map.of("PATH", "/usr/bin", "OTEL_SERVICE_NAME", "x")))
                .isEmpty();
        assertThat(OpenTelemetrySetup.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", " "))).isEmpty();
    }

    @Test
    void tracesExporterSet_buildsAnSdkThatRecords() {
        Optional<OpenTelemetrySdk> sdk = OpenTelemetrySetup.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "logging"));

        assertThat(sdk).isPresent();
        try (OpenTelemetrySdk telemetry = sdk.get()) {
            Span span = telemetry.getTracer("test").spanBuilder("probe").startSpan();
            assertThat(span.isRecording()).isTrue();
            span.end();
        }
    }

    @Test
    void otlpEndpointSet_exportsSpansThereOnShutdown() throws Exception {
        Vertx vertx = Vertx.vertx();
        BlockingQueue<String> posts = new LinkedBlockingQueue<>();
        try {
            HttpServer collector = vertx.createHttpServer().requestHandler(request -> request.body()
                    .onSuccess(body -> {
                        posts.add(request.method() + " " + request.path() + " " + request.getHeader("Content-Type")
                                + " " + body.toString().contains("strangler-under-test"));
                        request.response().putHeader("Content-Type", "application/x-protobuf").end();
                    })).listen(0, "127.0.0.1").await();
            OpenTelemetrySdk sdk = OpenTelemetrySetup.fromEnvironment(Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.actualPort(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")).orElseThrow();

            sdk.getTracer("test").spanBuilder("strangler-under-test")
                    .setAttribute(AttributeKey.stringKey("k"), "v").startSpan().end();
            sdk.shutdown().join(10, TimeUnit.SECONDS);

            assertThat(posts.poll(5, TimeUnit.SECONDS)).isEqualTo("POST /v1/traces application/x-protobuf true");
        } finally {
            vertx.close().await();
        }
    }
}
