package dev.strangler.proxy.shadow;

import dev.strangler.config.CompareConfig;
import dev.strangler.migrator.ShadowStore;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One comparison: the other side's answer to the same request, and with {@code compare.noise} a second legacy
 * answer; fields that differ between the two legacy answers are noise, reported apart, and a difference only in
 * noise is a match.
 */
final class Comparing {

    /** What a stored mismatch shows of each body, in characters. */
    private static final int SHOWN_BODY_CHARS = 4096;

    /**
     * A sampled request as the primary side received it.
     *
     * @param headers the headers the primary upstream got (the shadow request carries the same)
     */
    record Request(CompareConfig compare, Route route, HttpMethod method, String uri, MultiMap headers) {
    }

    /** How a comparison ended, with the differing and noisy fields and the mismatch to store. */
    record Outcome(ShadowResult result, List<String> fields, List<String> noise, ShadowStore.Mismatch mismatch) {

        static final Outcome SKIPPED = new Outcome(ShadowResult.SKIPPED, List.of(), List.of(), null);
        static final Outcome ERROR = new Outcome(ShadowResult.ERROR, List.of(), List.of(), null);
    }

    private final Request request;
    private final ShadowClient client;
    private final Clock clock;
    private final UnaryOperator<String> shownKey;

    Comparing(Request request, ShadowClient client, Clock clock, UnaryOperator<String> shownKey) {
        this.request = request;
        this.client = client;
        this.clock = clock;
        this.shownKey = shownKey;
    }

    Future<Outcome> run(Captured primary) {
        Upstream primarySide = request.route().upstream();
        Upstream shadowSide = primarySide == Upstream.MODERN ? Upstream.LEGACY : Upstream.MODERN;
        Future<Captured> shadow = send(shadowSide);
        Future<Captured> second = request.compare().noise() ? send(Upstream.LEGACY) : Future.succeededFuture();
        return Future.join(shadow, second).transform(both -> {
            if (shadow.failed()) {
                return Future.succeededFuture(Outcome.ERROR);
            }
            Captured legacy = primarySide == Upstream.LEGACY ? primary : shadow.result();
            List<String> noise = second.succeeded() && second.result() != null
                    ? ResponseComparison.fields(request.compare(), legacy, second.result()) : List.of();
            List<String> fields = new ArrayList<>(ResponseComparison.fields(request.compare(), primary,
                    shadow.result()));
            fields.removeAll(noise);
            if (fields.isEmpty()) {
                return Future.succeededFuture(new Outcome(ShadowResult.MATCH, List.of(), noise, null));
            }
            return Future.succeededFuture(new Outcome(ShadowResult.MISMATCH, fields, noise,
                    mismatch(fields, primary, shadow.result())));
        });
    }

    private Future<Captured> send(Upstream side) {
        return client.send(side, request.method(), request.uri(), request.headers(), request.compare().timeout());
    }

    private ShadowStore.Mismatch mismatch(List<String> fields, Captured primary, Captured shadow) {
        Set<String> headers = ResponseComparison.comparedHeaders(request.compare(), primary, shadow);
        String primarySide = request.route().upstream().id();
        String shadowSide = request.route().upstream() == Upstream.MODERN ? "legacy" : "modern";
        return new ShadowStore.Mismatch(request.route().rule(), clock.instant(),
                shownKey.apply(request.route().userKey()), request.method().name(), request.uri(), fields,
                primary.summary(headers, SHOWN_BODY_CHARS).put("side", primarySide).encode(),
                shadow.summary(headers, SHOWN_BODY_CHARS).put("side", shadowSide).encode());
    }
}
