package dev.strangler.demo.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON API of a sample system, the same paths on legacy and modern:
 * <pre>
 * GET  /api/customers/{id}            the customer's profile
 * PUT  /api/customers/{id}/contact    replaces the contact details; answers the new profile
 * GET  /api/customers/{id}/orders     the orders with their lines, newest first
 * POST /api/customers/{id}/orders     places an order: {"shipperId": 1, "lines": [{"productId": 11, "quantity": 3}]}
 * GET  /api/products                  the products on sale
 * </pre>
 * Every body carries {@code "system": "legacy"|"modern"}.
 */
final class CustomerApi {

    private final SampleSystem system;
    private final CustomerStore store;

    CustomerApi(SampleSystem system, CustomerStore store) {
        this.system = system;
        this.store = store;
    }

    void mount(Router router) {
        router.get("/api/customers/:id").handler(ctx -> store.profile(id(ctx))
                .onSuccess(found -> answerProfile(ctx, found)).onFailure(ctx::fail));
        router.put("/api/customers/:id/contact").handler(ctx -> store
                .updateContact(id(ctx), ContactDetails.fromJson(ctx.body().asJsonObject()))
                .onSuccess(found -> answerProfile(ctx, found)).onFailure(ctx::fail));
        router.get("/api/customers/:id/orders").handler(ctx -> store.profile(id(ctx))
                .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<List<Order>>empty())
                        : store.orders(id(ctx)).map(Optional::of))
                .onSuccess(orders -> orders.ifPresentOrElse(
                        list -> ctx.json(body().put("customerId", id(ctx)).put("orders", array(list, Order::toJson))),
                        () -> notFound(ctx)))
                .onFailure(ctx::fail));
        router.post("/api/customers/:id/orders").handler(ctx -> store
                .placeOrder(id(ctx), NewOrder.fromJson(ctx.body().asJsonObject()))
                .onSuccess(placed -> placed.ifPresentOrElse(order -> {
                    ctx.response().setStatusCode(201)
                            .putHeader("Location", "/api/customers/" + id(ctx) + "/orders/" + order.id());
                    ctx.json(body().put("order", order.toJson()));
                }, () -> notFound(ctx)))
                .onFailure(ctx::fail));
        router.get("/api/products").handler(ctx -> store.products()
                .onSuccess(products -> ctx.json(body().put("products", array(products, Product::toJson))))
                .onFailure(ctx::fail));
    }

    private void answerProfile(RoutingContext ctx, Optional<CustomerProfile> profile) {
        profile.ifPresentOrElse(p -> ctx.json(body().put("customer", p.toJson())), () -> notFound(ctx));
    }

    private void notFound(RoutingContext ctx) {
        ctx.response().setStatusCode(404);
        ctx.json(body().put("error", "customer not found").put("detail", id(ctx)));
    }

    private JsonObject body() {
        return new JsonObject().put("system", system.id());
    }

    static String id(RoutingContext ctx) {
        return ctx.pathParam("id");
    }

    private static <T> JsonArray array(List<T> items, Function<T, JsonObject> toJson) {
        JsonArray array = new JsonArray();
        items.forEach(item -> array.add(toJson.apply(item)));
        return array;
    }
}
