package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: every start printed OpenTelemetry's "AutoConfiguredOpenTelemetrySdk found on classpath but automatic
 * configuration is disabled" at INFO, though nobody asked for tracing.
 */
class LibraryLoggingTest {

    @Test
    void quiet_withoutAnExporter_silencesOpenTelemetrysInfoLine() {
        Logger logger = Logger.getLogger("io.opentelemetry.api.GlobalOpenTelemetry");
        Level before = logger.getLevel();
        try {
            logger.setLevel(null);
            LibraryLogging.quiet(Map.of("OTEL_TRACES_EXPORTER", "otlp"));
            boolean loudWhenAsked = logger.isLoggable(Level.INFO);
            LibraryLogging.quiet(Map.of());

            assertThat(loudWhenAsked).isTrue();
            assertThat(logger.isLoggable(Level.INFO)).isFalse();
            assertThat(logger.isLoggable(Level.WARNING)).isTrue();
        } finally {
            logger.setLevel(before);
        }
    }
}
