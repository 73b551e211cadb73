package dev.strangler.proxy.cli;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether {@code strangler run} exports traces, and builds the OpenTelemetry SDK if so. Only an explicit
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_TRACES_EXPORTER} turns it on, so a proxy nobody asked to trace
 * keeps the API's no-op and pays nothing. Everything else (protocol, headers, sampler, resource) is the SDK
 * autoconfigure's standard {@code OTEL_*} surface. Metrics and logs exporters default to {@code none}: Strangler's
 * metrics are Prometheus's, on the admin port, and its logs are JSON lines on stdout.
 */
final class OpenTelemetrySetup {

    private static final String PREFIX = "OTEL_";

    private OpenTelemetrySetup() {
    }

    /**
     * The SDK configured from {@code environment}, not yet registered globally, or empty when tracing was not asked
     * for. The caller registers it before anything obtains a tracer, and shuts it down (flushing spans) on stop.
     */
    static Optional<OpenTelemetrySdk> fromEnvironment(Map<String, String> environment) {
        if (!requested(environment)) {
            return Optional.empty();
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("otel.service.name", "strangler");
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return Optional.of(AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> properties)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk());
    }

    /** True when the environment asks for traces to be exported. */
    static boolean requested(Map<String, String> environment) {
        return isSet(environment, "OTEL_EXPORTER_OTLP_ENDPOINT") || isSet(environment, "OTEL_TRACES_EXPORTER");
    }

    private static boolean isSet(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value != null && !value.isBlank();
    }
}
