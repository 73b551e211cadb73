/**
 * Routing rules and the pure routing decision: request facts and user facts in, a decision out.
 * Start at {@code RoutingTable} ({@code match}, {@code decide}, {@code withPercentages}), {@code RequestFacts}
 * with {@code RequestPath}, and {@code Decision}.
 */
package dev.strangler.rules;
