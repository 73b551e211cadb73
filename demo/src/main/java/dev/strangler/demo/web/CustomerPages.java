package dev.strangler.demo.web;

import static dev.strangler.demo.web.HtmlPage.escape;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The plain HTML pages of a sample system, the same paths on legacy and modern:
 * <pre>
 * GET  /                         home, with a link to sign in
 * GET  /signin, POST /signin     sign in with a customer id: sets the {@code uid} cookie and a new session
 *                                cookie ({@code JSESSIONID} on legacy, {@code SESSION} on modern), redirects to the
 *                                profile
 * POST /signout                  ends the session (its cookie is cleared); {@code uid} stays, as "remember me"
 * GET  /customers/{id}           profile, contact form and order form
 * POST /customers/{id}/contact   updates the contact details, redirects to the profile
 * GET  /customers/{id}/orders    the orders with their lines
 * POST /customers/{id}/orders    places a one-product order, redirects to the orders
 * </pre>
 * The {@code uid} cookie is the user key the proxy routes on, as a real sign-in would set it.
 */
final class CustomerPages {

    private final SampleSystem system;
    private final CustomerStore store;

    CustomerPages(SampleSystem system, CustomerStore store) {
        this.system = system;
        this.store = store;
    }

    void mount(Router router) {
        router.get("/").handler(this::home);
        router.get("/signin").handler(ctx -> html(ctx, new HtmlPage(system, "Sign in").raw(
                "<form method=\"post\" action=\"/signin\"><label>Customer id <input name=\"customerId\" "
                        + "placeholder=\"ALFKI\" required></label> <button>Sign in</button></form>")));
        router.post("/signin").handler(this::signIn);
        router.post("/signout").handler(ctx -> {
            ctx.response().addCookie(Cookie.cookie(system.sessionCookie(), "").setPath("/").setMaxAge(0));
            seeOther(ctx, "/signin");
        });
        router.get("/customers/:id").handler(ctx -> store.profile(CustomerApi.id(ctx))
                .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<HtmlPage>empty())
                        : store.products().map(products -> Optional.of(profilePage(found.get(), products))))
                .onSuccess(page -> page.ifPresentOrElse(p -> html(ctx, p), () -> notFound(ctx)))
                .onFailure(ctx::fail));
        router.post("/customers/:id/contact").handler(ctx -> store
                .updateContact(CustomerApi.id(ctx), ContactDetails.fromForm(ctx.request().formAttributes()))
                .onSuccess(found -> found.ifPresentOrElse(p -> seeOther(ctx, customerPath(p.id())),
                        () -> notFound(ctx)))
                .onFailure(ctx::fail));
        router.get("/customers/:id/orders").handler(ctx -> store.profile(CustomerApi.id(ctx))
                .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<HtmlPage>empty())
                        : store.orders(found.get().id()).map(orders -> Optional.of(ordersPage(found.get(), orders))))
                .onSuccess(page -> page.ifPresentOrElse(p -> html(ctx, p), () -> notFound(ctx)))
                .onFailure(ctx::fail));
        router.post("/customers/:id/orders").handler(ctx -> store
                .placeOrder(CustomerApi.id(ctx), NewOrder.fromForm(ctx.request().formAttributes()))
                .onSuccess(placed -> placed.ifPresentOrElse(
                        order -> seeOther(ctx, customerPath(CustomerApi.id(ctx)) + "/orders"), () -> notFound(ctx)))
                .onFailure(ctx::fail));
    }

    private void home(RoutingContext ctx) {
        Cookie uid = ctx.request().getCookie("uid");
        HtmlPage page = new HtmlPage(system, "Welcome");
        if (uid != null && !uid.getValue().isBlank()) {
            page.raw("<p>Signed in as <a href=\"" + customerPath(uid.getValue()) + "\">").text(uid.getValue())
                    .raw("</a>.</p>");
        }
        html(ctx, page.raw("<p><a href=\"/signin\">Sign in</a> with your customer id.</p>"));
    }

    private void signIn(RoutingContext ctx) {
        String id = ctx.request().getFormAttribute("customerId");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("customerId: empty (expected: your customer id, such as ALFKI)");
        }
        String key = id.strip().toUpperCase(java.util.Locale.ROOT);
        ctx.response().addCookie(Cookie.cookie("uid", key).setPath("/").setHttpOnly(true));
        ctx.response().addCookie(Cookie.cookie(system.sessionCookie(), java.util.UUID.randomUUID().toString())
                .setPath("/").setHttpOnly(true));
        seeOther(ctx, customerPath(key));
    }

    private HtmlPage profilePage(CustomerProfile profile, List<Product> products) {
        HtmlPage page = new HtmlPage(system, profile.companyName());
        page.raw("<p>Customer <strong id=\"customer-id\">").text(profile.id()).raw("</strong> &middot; <a href=\"")
                .raw(customerPath(profile.id())).raw("/orders\">Orders</a></p>")
                .raw("<h2>Contact details</h2><form method=\"post\" action=\"")
                .raw(customerPath(profile.id())).raw("/contact\"><table>");
        for (String field : ContactDetails.FIELDS) {
            if (!field.equals("email") || system.hasEmail()) {
                page.raw("<tr><th><label for=\"" + field + "\">" + field + "</label></th><td><input id=\"" + field
                        + "\" name=\"" + field + "\" value=\"" + escape(profile.contact().field(field))
                        + "\"></td></tr>");
            }
        }
        page.raw("</table><button>Save</button></form><h2>Place an order</h2><form method=\"post\" action=\"")
                .raw(customerPath(profile.id())).raw("/orders\"><select name=\"productId\">");
        products.forEach(p -> page.raw("<option value=\"" + p.id() + "\">" + escape(p.name()) + " ("
                + p.unitPrice() + ")</option>"));
        return page.raw("</select> <input name=\"quantity\" type=\"number\" min=\"1\" value=\"1\"> "
                + "<button>Order</button></form>");
    }

    private HtmlPage ordersPage(CustomerProfile profile, List<Order> orders) {
        HtmlPage page = new HtmlPage(system, "Orders of " + profile.companyName());
        page.raw("<p><a href=\"").raw(customerPath(profile.id())).raw("\">Back to the profile</a></p><table>")
                .raw("<tr><th>Order</th><th>Ordered</th><th>Shipped</th><th>Products</th><th>Total</th></tr>");
        for (Order order : orders) {
            page.raw("<tr class=\"order\"><td>").text(order.id()).raw("</td><td>").text(order.orderedOn())
                    .raw("</td><td>").text(order.shippedOn() == null ? "open" : order.shippedOn()).raw("</td><td>");
            order.lines().forEach(line -> page.text(line.quantity() + " x " + line.productName()).raw("<br>"));
            page.raw("</td><td>").text(order.total()).raw("</td></tr>");
        }
        return page.raw("</table>");
    }

    private void notFound(RoutingContext ctx) {
        ctx.response().setStatusCode(404);
        html(ctx, new HtmlPage(system, "Customer not found").raw("<p>No customer ").text(CustomerApi.id(ctx))
                .raw(". <a href=\"/signin\">Sign in</a></p>"));
    }

    private static void html(RoutingContext ctx, HtmlPage page) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page.render());
    }

    private static void seeOther(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }

    private static String customerPath(String id) {
        return "/customers/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
