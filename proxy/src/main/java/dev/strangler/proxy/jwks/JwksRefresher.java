package dev.strangler.proxy.jwks;

import dev.strangler.rules.IdentityExtractor;
import dev.strangler.rules.JwtKeys;
import dev.strangler.rules.RoutingTable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Fetches the JWKS documents that {@code jwt: {jwks: URL}} extractors name and gives their keys to the routing
 * table in force (the control plane's runtime rollout takes them); until the first fetch succeeds no such token
 * verifies, so its requests are anonymous. Documents are fetched again after their
 * {@code Cache-Control: max-age} (between {@value #MIN_SECONDS} s and one hour), or every five minutes without one;
 * a failed round keeps the last good keys and is retried after one second, then two, doubling up to
 * {@value #RETRY_SECONDS} s, so an instance started during a blip of the identity provider verifies tokens soon.
 * The URLs are read from the configuration in force at each round, so a reloaded file's new URL is fetched at the
 * next one. A token naming a {@code kid} the keys lack (the provider rotated its key) starts a round at once, at
 * most once per {@link #UNKNOWN_KID_EVERY} by the injected clock; that request stays anonymous, the ones after the
 * round verify. Rounds run on one Vert.x context, so they never overlap.
 */
public final class JwksRefresher {

    private static final Logger LOG = Logger.getLogger(JwksRefresher.class.getName());
    private static final long MIN_SECONDS = 1;
    private static final long MAX_SECONDS = 3600;
    private static final long DEFAULT_SECONDS = 300;
    private static final long RETRY_SECONDS = 30;
    /** How long one fetch may take; the client's connect timeout is set where options are made. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** At most one round per this period is started by unknown kids. */
    public static final Duration UNKNOWN_KID_EVERY = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final Supplier<RoutingTable> configured;
    private final Consumer<JwtKeys> keys;
    private final Function<String, RequestOptions> requests;
    private final HttpClient client;
    private final Clock clock;
    private final Context context;
    private final AtomicReference<Instant> lastUnknownKid = new AtomicReference<>(Instant.MIN);
    private long timer = -1;
    private long retrySeconds = 1;
    private boolean fetching;
    private boolean again;
    private volatile boolean closed;

    private JwksRefresher(Vertx vertx, HttpClientOptions options, Function<String, RequestOptions> requests,
                          Supplier<RoutingTable> configured, Consumer<JwtKeys> keys, Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
        this.context = vertx.getOrCreateContext();
        this.requests = requests;
        this.configured = configured;
        this.keys = keys;
        this.client = vertx.createHttpClient(options);
    }

    /**
     * Starts fetching the URLs of the {@code configured} table's extractors with a client of these options and the
     * request options {@code requests} makes for a URL, handing each round's keys to {@code keys}; the first round
     * begins at once and is not waited for. {@code clock} spaces the rounds unknown kids start.
     */
    public static JwksRefresher start(Vertx vertx, HttpClientOptions options,
                                      Function<String, RequestOptions> requests, Supplier<RoutingTable> configured,
                                      Consumer<JwtKeys> keys, Clock clock) {
        JwksRefresher refresher = new JwksRefresher(vertx, options, requests, configured, keys, clock);
        refresher.context.runOnContext(begin -> refresher.round());
        return refresher;
    }

    /** Called on the request path when a token's kid is unknown: starts a round unless one did within a minute. */
    private void kidUnknown() {
        Instant now = clock.instant();
        Instant last = lastUnknownKid.get();
        if (now.isBefore(last.plus(UNKNOWN_KID_EVERY)) || !lastUnknownKid.compareAndSet(last, now)) {
            return;
        }
        context.runOnContext(run -> {
            if (fetching) {
                again = true;
                return;
            }
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            round();
        });
    }

    private void round() {
        List<String> urls = urls(configured.get());
        if (closed) {
            return;
        }
        fetching = true;
        if (urls.isEmpty()) {
            schedule(DEFAULT_SECONDS);
            return;
        }
        List<Future<Fetched>> fetches = new ArrayList<>();
        urls.forEach(url -> fetches.add(fetch(url)));
        Future.all(fetches).onComplete(all -> {
            fetching = false;
            if (all.failed()) {
                LOG.warning("JWKS fetch failed, the last keys stay in use: " + all.cause().getMessage());
                retry();
                return;
            }
            JsonArray keys = new JsonArray();
            long next = MAX_SECONDS;
            for (Future<Fetched> fetched : fetches) {
                keys.addAll(fetched.result().document().getJsonArray("keys", new JsonArray()));
                next = Math.min(next, fetched.result().maxAgeSeconds());
            }
            try {
                this.keys.accept(JwtKeys.jwks(new JsonObject().put("keys", keys).encode())
                        .whenKidUnknown(this::kidUnknown));
                retrySeconds = 1;
                schedule(next);
            } catch (IllegalArgumentException unusable) {
                LOG.warning("JWKS document refused, the last keys stay in use: " + unusable.getMessage());
                retry();
            }
        });
    }

    /**
     * Fetches one JWKS document once, as {@code strangler check} does: its keys, or a failure whose message names the
     * URL and why (unreachable, not 200, not JSON, no usable key).
     */
    public static Future<JwtKeys> fetchOnce(Vertx vertx, HttpClientOptions options,
                                            Function<String, RequestOptions> requests, String url) {
        HttpClient client = vertx.createHttpClient(options);
        return client.request(requests.apply(url))
                .compose(sent -> sent.send())
                .compose(response -> response.body().map(body ->
                        JwtKeys.jwks(document(url, response, body).document().encode())))
                .recover(failure -> Future.failedFuture(url + ": " + (failure.getMessage() == null
                        ? failure.getClass().getSimpleName() : failure.getMessage())))
                .eventually(client::close);
    }

    /** The JWKS URLs of a table's extractors, each once. */
    public static List<String> urls(RoutingTable table) {
        Set<String> urls = new LinkedHashSet<>();
        for (IdentityExtractor extractor : table.identity()) {
            if (extractor instanceof IdentityExtractor.Jwt jwt && jwt.jwksUrl() != null) {
                urls.add(jwt.jwksUrl());
            }
        }
        return List.copyOf(urls);
    }

    private record Fetched(JsonObject document, long maxAgeSeconds) {
    }

    private Future<Fetched> fetch(String url) {
        return client.request(requests.apply(url))
                .compose(sent -> sent.send())
                .compose(response -> response.body().map(body -> document(url, response, body)));
    }

    private static Fetched document(String url, HttpClientResponse response, Buffer body) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return new Fetched(new JsonObject(body), maxAge(response.getHeader("Cache-Control")));
    }

    /** {@code max-age} of a {@code Cache-Control} value, within the bounds; the default without one. */
    static long maxAge(String cacheControl) {
        if (cacheControl != null) {
            for (String directive : cacheControl.split(",")) {
                String trimmed = directive.trim();
                if (trimmed.startsWith("max-age=")) {
                    try {
                        long seconds = Long.parseLong(trimmed.substring("max-age=".length()));
                        return Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, seconds));
                    } catch (NumberFormatException unreadable) {
                        return DEFAULT_SECONDS;
                    }
                }
            }
        }
        return DEFAULT_SECONDS;
    }

    private void retry() {
        schedule(retrySeconds);
        retrySeconds = Math.min(RETRY_SECONDS, retrySeconds * 2);
    }

    private void schedule(long seconds) {
        if (again) {
            again = false;
            seconds = 0;
        }
        if (!closed) {
            timer = vertx.setTimer(Math.max(1, Duration.ofSeconds(seconds).toMillis()), fired -> round());
        }
    }

    /** Stops fetching. */
    public Future<Void> close() {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return client.close();
    }
}
