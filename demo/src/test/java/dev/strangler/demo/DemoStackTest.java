package dev.strangler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoStackTest {

    @Test
    void start_keptDataDirectory_servesNorthwindAndKeepsWritesAcrossRestarts(@TempDir Path data) throws Exception {
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx);
        JsonObject order = new JsonObject()
                .put("lines", new JsonArray().add(new JsonObject().put("productId", 11).put("quantity", 1)));
        int orderId;
        try (DemoStack stack = DemoStack.start(new DemoStack.Options(data, 0, 0))) {
            HttpResponse<Buffer> legacy = client.getAbs(stack.legacyApp().url() + "/api/customers/ALFKI").send()
                    .await();
            HttpResponse<Buffer> modern = client.getAbs(stack.modernApp().url() + "/api/customers/ALFKI").send()
                    .await();
            assertThat(legacy.statusCode()).isEqualTo(200);
            assertThat(legacy.getHeader("X-Served-By")).isEqualTo("legacy");
            assertThat(modern.statusCode()).as("modern starts without customers").isEqualTo(404);
            assertThat(modern.getHeader("X-Served-By")).isEqualTo("modern");
            assertThat(stack.legacyDatabase().uri()).endsWith("/northwind");
            orderId = client.postAbs(stack.legacyApp().url() + "/api/customers/ALFKI/orders").sendJsonObject(order)
                    .await().bodyAsJsonObject().getJsonObject("order").getInteger("id");
        }
        try (DemoStack again = DemoStack.start(new DemoStack.Options(data, 0, 0))) {
            JsonArray orders = client.getAbs(again.legacyApp().url() + "/api/customers/ALFKI/orders").send().await()
                    .bodyAsJsonObject().getJsonArray("orders");
            assertThat(orders.getJsonObject(0).getInteger("id")).isEqualTo(orderId);
            assertThat(orders).hasSize(7);
        } finally {
            vertx.close().await();
        }
    }
}
