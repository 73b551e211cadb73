package dev.strangler.demo.web;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * What a sample system's pages and API need from its database, one implementation per schema (legacy Northwind,
 * modern). Because both apps share the routes and differ only here, their URL surface is identical by
 * construction, and a proxy can send the same path to either.
 *
 * <p>An unknown customer is an empty result. Data the schema refuses (a constraint, a too-long value) fails the
 * future with the database's error, which the routes answer with 400.
 */
public interface CustomerStore {

    Future<Optional<CustomerProfile>> profile(String customerId);

    Future<Optional<CustomerProfile>> updateContact(String customerId, ContactDetails contact);

    /** The customer's orders, newest first, each with its lines; empty for an unknown customer. */
    Future<List<Order>> orders(String customerId);

    /** Places an order at catalogue prices; empty when the customer is unknown. */
    Future<Optional<Order>> placeOrder(String customerId, NewOrder order);

    /** The products on sale, for the order form. */
    Future<List<Product>> products();
}
