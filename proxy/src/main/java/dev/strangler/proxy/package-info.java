/**
 * The Strangler proxy: wiring of the data plane, the request path, the admin listener and metrics.
 * Start at {@link dev.strangler.proxy.StranglerServer}; the data plane is in {@code forward}, the request path in
 * {@code routing}, the command line in {@code cli}.
 */
package dev.strangler.proxy;
