package dev.strangler.proxy.routing;

import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RouteMatch;
import java.time.Duration;
import java.util.Set;

/**
 * Whether a request may start its user's migration now ({@code migration.admission}), and where it goes when it may
 * not. A refused read (GET, HEAD, OPTIONS) goes to legacy unattempted, where the user's data is; a refused write gets
 * 503 with {@code Retry-After}, since another instance may be migrating the user at that moment and the write could
 * reach legacy after that migration's cleaned mark. While the bucket is shut (modern ejected here), writes go to
 * legacy too: modern failing, nobody is likely migrating anyone. Each request is refused, and counted, at most once:
 * one decided again after a refusal ({@link Route#admissionRefused}) gets the same answer without asking the bucket.
 */
final class AdmissionGate {

    /** Methods that change nothing (RFC 9110 §9.2.1): the ones a refused admission may still send to legacy. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AdmissionBucket bucket;
    private final RequestPathEvents events;
    private final Duration retryAfter;

    AdmissionGate(AdmissionBucket bucket, RequestPathEvents events, Duration retryAfter) {
        this.bucket = bucket;
        this.events = events;
        this.retryAfter = retryAfter;
    }

    /**
     * Null when the request may start its user's migration (a token was taken); otherwise its answer.
     *
     * @param refusedBefore this request was refused admission when it was first decided
     */
    Resolution refusal(RouteMatch match, Decision decision, boolean refusedBefore) {
        if (!refusedBefore) {
            if (bucket.tryAdmit()) {
                return null;
            }
            events.admissionRefused();
        }
        return SAFE_METHODS.contains(match.request().method()) || bucket.shut()
                ? ((Route) UnknownStateRule.legacy(decision)).refusedAdmission()
                : Rejection.unavailable(retryAfter);
    }
}
