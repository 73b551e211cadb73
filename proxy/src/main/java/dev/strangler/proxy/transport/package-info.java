/**
 * Which socket transport the event loops run on: {@link dev.strangler.proxy.transport.TransportChoice} tries
 * Netty's native transports in order of preference and falls back to NIO, saying why, never silently.
 */
package dev.strangler.proxy.transport;
