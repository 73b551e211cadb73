/**
 * The data plane written directly on Netty's pipeline, selected at start with {@code STRANGLER_DATA_PLANE=netty}:
 * Netty's HTTP decoder and encoder on the way in, upstream channels pooled per event loop with
 * {@code HttpClientCodec} on the way out, bodies passed through as {@code HttpContent} without copies, and headers
 * edited in place. The Vert.x plane in {@code forward} stays the default until this one passes every guard suite;
 * the routing hand-off, metrics and settings are the same types ({@code RouteResolver}, {@code ExchangeRecorder},
 * {@code ProxySettings}). bench/results/netty-plane.md says how far it got.
 */
package dev.strangler.proxy.edge;
