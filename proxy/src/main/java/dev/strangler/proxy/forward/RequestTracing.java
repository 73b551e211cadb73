package dev.strangler.proxy.forward;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.MultiMap;

/**
 * Traces proxied requests: one {@link SpanKind#SERVER} span per request ({@code HTTP GET}, with method, path,
 * status, upstream, rule and cohort as attributes, never the user key), child of the client's W3C
 * {@code traceparent} if it sent one, and injected into the request sent upstream so that either application's spans
 * hang under it. Whether an SDK is present is found out once, here: without one (the API's no-op default) every
 * request skips tracing entirely and the client's {@code traceparent} passes through unchanged.
 */
public final class RequestTracing {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final MultiMapCarrier HEADERS = new MultiMapCarrier();

    private final Tracer tracer;
    private final boolean enabled;

    public RequestTracing(Tracer tracer) {
        this.tracer = tracer;
        Span probe = tracer.spanBuilder("probe").setParent(Context.root()).startSpan();
        this.enabled = probe.getSpanContext().isValid();
    }

    /**
     * The process's request tracing, through {@link GlobalOpenTelemetry}: call it after an SDK (if any) was
     * registered, since whether to trace at all is decided when this is made.
     */
    public static RequestTracing global() {
        return new RequestTracing(GlobalOpenTelemetry.getTracer("dev.strangler.proxy"));
    }

    /** Tracing that does nothing, for tests and tools that never want spans. */
    public static RequestTracing none() {
        return new RequestTracing(OpenTelemetry.noop().getTracer("none"));
    }

    /** Starts the span of a request about to be forwarded along {@code route}; null when not tracing. */
    public Span start(RequestHead head, Route route) {
        if (!enabled) {
            return null;
        }
        Context parent = W3C.extract(Context.root(), head.headers(), HEADERS);
        Span span = tracer.spanBuilder("HTTP " + head.method().name()).setParent(parent)
                .setSpanKind(SpanKind.SERVER).startSpan();
        if (span.isRecording()) {
            span.setAttribute("http.request.method", head.method().name());
            span.setAttribute("url.path", head.path());
            span.setAttribute("strangler.upstream", route.upstream().id());
            span.setAttribute("strangler.route", route.rule());
            span.setAttribute("strangler.cohort", route.cohort());
        }
        return span;
    }

    /** Replaces the client's trace context in the upstream request's headers with the span's own. */
    public static void inject(Span span, MultiMap upstreamHeaders) {
        if (span != null) {
            upstreamHeaders.remove("traceparent").remove("tracestate");
            W3C.inject(Context.root().with(span), upstreamHeaders, HEADERS);
        }
    }

    /** Ends the span with the status the client received; a 5xx marks it as an error. */
    public static void end(Span span, int status) {
        if (span == null) {
            return;
        }
        if (span.isRecording()) {
            span.setAttribute("http.response.status_code", status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
    }

    /** Reads and writes W3C headers in Vert.x's header maps. */
    private static final class MultiMapCarrier implements TextMapGetter<MultiMap>, TextMapSetter<MultiMap> {

        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }

        @Override
        public void set(MultiMap carrier, String key, String value) {
            if (carrier != null) {
                carrier.set(key, value);
            }
        }
    }
}
