/**
 * Outlier ejection per upstream (SPEC §10) on resilience4j circuit breakers. Start at
 * {@link dev.strangler.proxy.breaker.UpstreamBreakers} (the breakers, their metrics and status),
 * {@link dev.strangler.proxy.breaker.EjectingResolver} (503 for an ejected upstream) and
 * {@link dev.strangler.proxy.breaker.UpstreamHealth} (what the request path and ramps read).
 */
package dev.strangler.proxy.breaker;
