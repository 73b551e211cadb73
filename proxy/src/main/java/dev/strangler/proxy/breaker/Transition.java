package dev.strangler.proxy.breaker;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One change of an upstream's breaker state, as {@code /admin/status} lists it. */
record Transition(String upstream, String from, String to, Instant at) {

    JsonObject toJson() {
        return new JsonObject().put("upstream", upstream).put("from", from).put("to", to).put("at", at.toString());
    }
}
