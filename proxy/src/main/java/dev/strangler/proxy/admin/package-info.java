/**
 * The admin port: health, readiness, metrics and the token-protected {@code /admin/**} API of SPEC §6 and §12.
 * Start at {@link dev.strangler.proxy.admin.AdminApi} (tokens and scopes, bodies, errors) and
 * {@link dev.strangler.proxy.admin.AdminListener}; readiness is {@link dev.strangler.proxy.admin.Readiness}. Each group
 * of endpoints ({@link dev.strangler.proxy.admin.Endpoints}) takes the few services it uses; the status is
 * {@link dev.strangler.proxy.admin.FleetStatus}.
 */
package dev.strangler.proxy.admin;
