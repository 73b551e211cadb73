/**
 * Shadow comparison (SPEC §10): sampled safe requests answered by one side are sent to the other off the response
 * path and the answers compared. Start at {@link dev.strangler.proxy.shadow.Shadowing} (the data plane's tap and the
 * comparison's driver) and {@link dev.strangler.proxy.shadow.MatchRates} (the results, for gates such as a ramp's).
 */
package dev.strangler.proxy.shadow;
