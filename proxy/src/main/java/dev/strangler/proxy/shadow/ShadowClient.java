package dev.strangler.proxy.shadow;

import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends shadow requests, on a connection pool of their own so they never take a connection the users' requests
 * need, and keeps each answer as a {@link Captured}. A request longer than its timeout is reset and fails.
 */
final class ShadowClient {

    /** Marks every request the proxy sends only to compare, so an upstream can tell (and skip side effects). */
    static final String SHADOW_HEADER = "X-Strangler-Shadow";

    private final HttpClient client;
    private final ShadowRequests requests;
    private final long maxBodyBytes;

    ShadowClient(HttpClient client, ShadowRequests requests, long maxBodyBytes) {
        this.client = client;
        this.requests = requests;
        this.maxBodyBytes = maxBodyBytes;
    }

    Future<Captured> send(Upstream upstream, HttpMethod method, String uri, MultiMap headers, Duration timeout) {
        MultiMap sent = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        sent.remove("Host").remove("Content-Length").remove("Transfer-Encoding").set(SHADOW_HEADER, "1");
        Promise<Captured> answered = Promise.promise();
        HttpClientRequest[] opened = new HttpClientRequest[1];
        client.request(requests.to(upstream, method, uri, sent, timeout)).compose(request -> {
            opened[0] = request;
            return request.send();
        }).onComplete(response -> {
            if (response.failed()) {
                answered.tryFail(response.cause());
                return;
            }
            BodyCapture capture = new BodyCapture(maxBodyBytes);
            capture.head(response.result().statusCode(), response.result().headers());
            response.result().handler(capture::chunk);
            response.result().exceptionHandler(answered::tryFail);
            response.result().endHandler(end -> answered.tryComplete(capture.captured()));
        });
        return answered.future().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).onFailure(failed -> {
            if (opened[0] != null) {
                opened[0].reset();
            }
        });
    }

    Future<Void> close() {
        return client.close();
    }
}
