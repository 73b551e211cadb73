package dev.strangler.migrator.state;

/**
 * A backfill worker's claim on one user, as the claim wrote it on the user's state row: the worker's id and the
 * fencing epoch (incremented by every claim of the user). An attempt made for the claim writes its outcome only
 * while the row still carries both and the lease has not expired ({@link UserStates#holdsClaim}).
 *
 * @param userKey the claimed user
 * @param owner   the worker's id
 * @param epoch   the claim's fencing epoch
 */
public record Claim(String userKey, String owner, long epoch) {

    @Override
    public String toString() {
        return "claim of " + owner + " on " + userKey + " (epoch " + epoch + ")";
    }
}
