package dev.strangler.proxy.cli;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps libraries from talking at every start about what nobody asked for. OpenTelemetry's API, when its
 * autoconfigure module is on the class path, logs at INFO that automatic configuration is disabled each time a
 * tracer is first asked for; Strangler configures tracing itself ({@link OpenTelemetrySetup}), so unless an
 * exporter was asked for, that logger speaks from WARNING up.
 */
final class LibraryLogging {

    /** Held, because java.util.logging keeps loggers only weakly and would forget the level. */
    private static final Logger OPEN_TELEMETRY = Logger.getLogger("io.opentelemetry.api.GlobalOpenTelemetry");

    private LibraryLogging() {
    }

    static void quiet(Map<String, String> environment) {
        if (!OpenTelemetrySetup.requested(environment)) {
            OPEN_TELEMETRY.setLevel(Level.WARNING);
        }
    }
}
