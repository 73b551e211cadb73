/**
 * The server's composition root: {@link dev.strangler.proxy.StranglerServer} builds the instance's object graph
 * (data plane, request path, admin listener, metrics, control plane) from the configuration and a started migrator,
 * its body in {@link dev.strangler.proxy.ServerWiring} and the admin port's endpoint groups and console pages in
 * {@link dev.strangler.proxy.AdminRoutes}, each given the few services it uses;
 * {@link dev.strangler.proxy.ServerOptions} is where configuration becomes Vert.x options. The data plane is in
 * {@code forward}, the request path in {@code routing}, fleet sync and hot reload in {@code control}, admin tokens and
 * their scopes in {@code tokens}, shadow comparison in {@code shadow}, outlier ejection in {@code breaker}, automated
 * ramps in {@code ramp}, the command line (whose root is {@code cli.Session}) in {@code cli}.
 */
package dev.strangler.proxy;
