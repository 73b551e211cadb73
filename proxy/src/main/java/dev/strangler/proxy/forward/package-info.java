/**
 * The forwarding data plane: screening, routing hand-off, streaming to legacy or modern and back.
 * Start at {@link dev.strangler.proxy.forward.DataPlane}, {@link dev.strangler.proxy.forward.RouteResolver} and
 * {@link dev.strangler.proxy.forward.ProxySettings}.
 */
package dev.strangler.proxy.forward;
