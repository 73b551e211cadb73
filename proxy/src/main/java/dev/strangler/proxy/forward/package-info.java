/**
 * The forwarding data plane: screening, routing hand-off, streaming to legacy or modern and back.
 * Start at {@link dev.strangler.proxy.forward.DataPlane}, {@link dev.strangler.proxy.forward.RouteResolver} and
 * {@link dev.strangler.proxy.forward.ProxySettings} ({@link dev.strangler.proxy.forward.ResponseTaps} lets shadow
 * comparison see sampled responses); its Vert.x options come ready-made in
 * {@link dev.strangler.proxy.forward.DataPlaneOptions}.
 */
package dev.strangler.proxy.forward;
