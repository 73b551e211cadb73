/**
 * The request path between the data plane and the upstreams: facts, user, decision, migrate-first, hold.
 * Start at {@link dev.strangler.proxy.routing.DecidingResolver} and {@link dev.strangler.proxy.routing.UserFactsCache}.
 */
package dev.strangler.proxy.routing;
