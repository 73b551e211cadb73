/**
 * Routing rules and the pure routing decision: request facts and user facts in, a decision out.
 * Start at {@code RoutingTable} ({@code of}, {@code match}, {@code decide}, {@code withPercentages}),
 * {@code RequestFacts} with {@code RequestPath}, and {@code Decision}. {@code RoutingConfig} is the
 * {@code routing:} section the table is compiled from. Uses {@code expression} for {@code when:} and the
 * configuration model {@code config} (a cohort's {@code Percent}), never the file reading in {@code config.file}.
 */
package dev.strangler.rules;
