/**
 * The SRE console under {@code /console/} on the admin port: overview, rollout controls, failures by rule down to a
 * user's ledger, and the audit, over the admin API's own services. Start at
 * {@link dev.strangler.proxy.console.Console} (sign-in, sessions, CSRF, scopes, Content-Security-Policy).
 */
package dev.strangler.proxy.console;
