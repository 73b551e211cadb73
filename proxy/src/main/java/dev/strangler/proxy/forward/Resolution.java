package dev.strangler.proxy.forward;

/**
 * What a {@link RouteResolver} makes of a request: a {@link Route} to forward it on, or a {@link Rejection} the
 * proxy answers itself (a path that cannot be normalised safely, for example).
 */
public sealed interface Resolution permits Route, Rejection {
}
