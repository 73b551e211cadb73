package dev.strangler.proxy.metrics;

import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings.StepListener;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Traces migrations: one span per attempt ({@code strangler.migration}, with the trigger and the outcome as
 * attributes) and, under it, one span per step as the migrator reports them ({@code strangler.migration.read},
 * {@code .validate}, {@code .transform}, {@code .load}, {@code .commit}, {@code .mark_cleaned}). Steps are matched to
 * their attempt by user key, which is unambiguous because an instance runs at most one attempt per user at a time.
 * With the OpenTelemetry API's default no-op implementation all of this costs a map lookup.
 */
public final class MigrationTracing implements StepListener {

    private static final MigrationTracing GLOBAL = new MigrationTracing(GlobalOpenTelemetry.getTracer("dev.strangler"));

    private final Tracer tracer;
    private final Map<String, Span> attempts = new ConcurrentHashMap<>();

    public MigrationTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * The process's tracing, through {@link GlobalOpenTelemetry}: an SDK registered by {@code strangler run} when
     * export is configured, or the Java agent.
     */
    public static MigrationTracing global() {
        return GLOBAL;
    }

    /** Opens the attempt's span; {@code shownKey} is the user key as logs may show it. */
    Span begin(String userKey, String shownKey, Trigger trigger) {
        Span span = tracer.spanBuilder("strangler.migration").setParent(Context.root())
                .setAttribute("strangler.user", shownKey).setAttribute("strangler.trigger", trigger.id())
                .startSpan();
        attempts.put(userKey, span);
        return span;
    }

    /** Closes the attempt's span with its outcome ({@code MIGRATED}, {@code INVALID}, ...). */
    void end(String userKey, Span span, String outcome) {
        attempts.remove(userKey, span);
        span.setAttribute("strangler.outcome", outcome);
        if (outcome.equals("FAILED") || outcome.equals("TIMEOUT")) {
            span.setStatus(StatusCode.ERROR, outcome);
        }
        span.end();
    }

    @Override
    public void stepped(String userKey, Step step, Instant started, Instant ended, boolean succeeded) {
        Span attempt = attempts.get(userKey);
        if (attempt == null) {
            return;
        }
        Span span = tracer.spanBuilder("strangler.migration." + step.id())
                .setParent(Context.root().with(attempt)).setStartTimestamp(started).startSpan();
        if (!succeeded) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end(ended);
    }
}
