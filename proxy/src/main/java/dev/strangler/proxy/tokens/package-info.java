/**
 * Named, scoped admin tokens (SPEC §12): who a bearer token is and what it may do. Start at
 * {@link dev.strangler.proxy.tokens.AdminTokens} (the tokens of the file and of the state database, compared by hash),
 * {@link dev.strangler.proxy.tokens.EndpointScopes} (the scope each admin call needs) and
 * {@link dev.strangler.proxy.tokens.TokenSecret} (new secrets and their hashes).
 */
package dev.strangler.proxy.tokens;
