/**
 * The data plane written directly on Netty's pipeline, selected with {@code proxy.dataPlane: netty} (or
 * {@code STRANGLER_DATA_PLANE=netty}): Netty's HTTP decoder and encoder on the way in, upstream channels pooled per
 * event loop with {@code HttpClientCodec} on the way out, bodies passed through as {@code HttpContent} without
 * copies, and headers edited in place. Starting points: {@link dev.strangler.proxy.edge.EdgePlane} (the listener),
 * {@link dev.strangler.proxy.edge.EdgeExchange} (one request) and {@link dev.strangler.proxy.edge.ExchangeWatch}
 * (its count in flight, span, tap and record). What decides and counts a request is shared with the Vert.x plane of
 * {@code forward} ({@code Admission}, {@code InFlightUsers}, {@code LingeringCount}, {@code Tunnels}), which stays
 * the default; bench/results/netty-plane.md says how far this one got.
 */
package dev.strangler.proxy.edge;
