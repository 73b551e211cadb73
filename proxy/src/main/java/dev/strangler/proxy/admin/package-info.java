/**
 * The admin port: health, readiness and metrics, where the admin API mounts its routes.
 * Start at {@link dev.strangler.proxy.admin.AdminListener} and {@link dev.strangler.proxy.admin.Readiness}.
 */
package dev.strangler.proxy.admin;
