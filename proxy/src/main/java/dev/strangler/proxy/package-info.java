/**
 * The Strangler proxy: wiring of the data plane, the request path, the admin listener, metrics and the control plane.
 * Start at {@link dev.strangler.proxy.StranglerServer} and {@link dev.strangler.proxy.ControlPlane}; the data plane
 * is in {@code forward}, the request path in {@code routing}, fleet sync and hot reload in {@code control}, the
 * command line in {@code cli}.
 */
package dev.strangler.proxy;
