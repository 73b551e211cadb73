/**
 * Keys for verifying JSON Web Tokens that an identity provider publishes as a JWKS document.
 * Start at {@code JwksRefresher}: it fetches every {@code jwks:} URL of the identity configuration and hands the
 * keys to the routing table in force, again before they grow stale.
 */
package dev.strangler.proxy.jwks;
