package dev.strangler.proxy.ramp;

import dev.strangler.proxy.ramp.GateCheck.PromqlReading;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Instant queries against the configured Prometheus ({@code prometheus.url}) for ramps' {@code promql} gates:
 * {@code GET /api/v1/query?query=...}; the value is a scalar's, or the first sample's of an instant vector. Every
 * problem (unreachable, an error status, an empty vector, a value that is not a number) is a reading without value,
 * which holds the ramp's step.
 */
public final class PrometheusQueries {

    private final HttpClient client;
    private final URI base;
    private final Function<String, RequestOptions> requests;

    /** @param requests the request options for an absolute URL (built where Vert.x options are built) */
    public PrometheusQueries(HttpClient client, URI base, Function<String, RequestOptions> requests) {
        this.client = client;
        this.base = base;
        this.requests = requests;
    }

    public Future<PromqlReading> query(String promql) {
        String url = base.toString().replaceAll("/+$", "") + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        return client.request(requests.apply(url))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode() == 200
                        ? reading(body.toString())
                        : PromqlReading.failed("Prometheus answered " + response.statusCode() + " to " + promql)))
                .recover(error -> Future.succeededFuture(PromqlReading.failed("Prometheus at " + base
                        + " cannot be asked: " + error.getMessage())));
    }

    static PromqlReading reading(String body) {
        try {
            JsonObject data = new JsonObject(body).getJsonObject("data", new JsonObject());
            String type = data.getString("resultType", "");
            Object result = data.getValue("result");
            JsonArray sample = switch (type) {
                case "scalar" -> (JsonArray) result;
                case "vector" -> ((JsonArray) result).isEmpty() ? null
                        : ((JsonArray) result).getJsonObject(0).getJsonArray("value");
                default -> null;
            };
            if (sample == null) {
                return PromqlReading.failed("the query gave no sample (result type " + type + ")");
            }
            double value = Double.parseDouble(sample.getValue(1).toString());
            return Double.isNaN(value) ? PromqlReading.failed("the query's value is NaN") : PromqlReading.of(value);
        } catch (DecodeException | ClassCastException | NumberFormatException | IndexOutOfBoundsException e) {
            return PromqlReading.failed("Prometheus's answer cannot be read: " + e.getMessage());
        }
    }

    public Future<Void> close() {
        return client.close();
    }
}
