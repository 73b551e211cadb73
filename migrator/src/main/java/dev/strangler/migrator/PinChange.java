package dev.strangler.migrator;

import dev.strangler.rules.Upstream;

/**
 * What became of an operator's pin: set (or cleared), or refused with the reason. A user whose data is in modern
 * cannot be pinned to legacy, where their data is stale; they are rolled back instead.
 *
 * @param userKey the user
 * @param pin     the pin asked for; null to clear it
 * @param refusal why it was not set, or null when it was
 */
public record PinChange(String userKey, Upstream pin, String refusal) {

    /** True when the pin is now what was asked for. */
    public boolean applied() {
        return refusal == null;
    }
}
