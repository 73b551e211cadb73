/**
 * Routing rules and the pure routing decision: request facts and user facts in, a decision out.
 * Start at {@code Upstream} and {@code UserState}.
 */
package dev.strangler.rules;
