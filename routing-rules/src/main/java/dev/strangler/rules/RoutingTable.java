package dev.strangler.rules;

import dev.strangler.config.Percent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The compiled, immutable routing of one configuration: route rules, identity extractors and cohorts, with the
 * cohorts' effective percentages. {@link #decide} is a pure function of its arguments: the same request and user
 * status always give the same decision, on every instance.
 *
 * <p>Runtime percentages (the admin API's {@code PUT /admin/rollout/{cohort}}) are applied with
 * {@link #withPercentages}, which shares everything compiled and copies only one small array, so the proxy can
 * swap tables on every change. Deciding allocates nothing per rule or cohort.
 *
 * <pre>{@code
 * RoutingTable table = config.routingTable();   // RoutingTable.of(config.routing(), config.identity())
 * RouteMatch match = table.match(facts);
 * UserStatus status = match.needsUserStatus() ? store.statusOf(match.userKey()) : UserStatus.NEW;
 * Decision decision = table.decide(match, status);
 * }</pre>
 */
public final class RoutingTable {

    private final RouteRule[] routes;
    private final IdentityExtractor[] identity;
    private final Cohort[] cohorts;
    private final Percent[] effective;
    private final String salt;
    private final Bucketing bucketing;
    private final Upstream anonymous;
    private final SessionBoundary session;

    private RoutingTable(RouteRule[] routes, IdentityExtractor[] identity, Cohort[] cohorts, Percent[] effective,
                         String salt, Bucketing bucketing, Upstream anonymous, SessionBoundary session) {
        this.routes = routes;
        this.identity = identity;
        this.cohorts = cohorts;
        this.effective = effective;
        this.salt = salt;
        this.bucketing = bucketing;
        this.anonymous = anonymous;
        this.session = session;
    }

    /** The table of a routing section and identity extractors, with the configured percentages. */
    public static RoutingTable of(RoutingConfig routing, List<IdentityExtractor> identity) {
        Cohort[] cohorts = routing.cohorts().toArray(new Cohort[0]);
        Percent[] configured = new Percent[cohorts.length];
        for (int i = 0; i < cohorts.length; i++) {
            configured[i] = cohorts[i].percent();
        }
        return new RoutingTable(routing.routes().toArray(new RouteRule[0]),
                identity.toArray(new IdentityExtractor[0]), cohorts, configured, routing.salt(),
                routing.bucketing(), routing.anonymous(), routing.session());
    }

    /**
     * This table with runtime percentages: each cohort named in {@code overrides} takes that percentage, every
     * other cohort its configured one. Names of cohorts the configuration no longer has are ignored, so a stale
     * runtime value can never break a reload.
     */
    public RoutingTable withPercentages(Map<String, Percent> overrides) {
        Percent[] percentages = new Percent[cohorts.length];
        for (int i = 0; i < cohorts.length; i++) {
            Percent override = overrides.get(cohorts[i].name());
            percentages[i] = override == null ? cohorts[i].percent() : override;
        }
        return new RoutingTable(routes, identity, cohorts, percentages, salt, bucketing, anonymous, session);
    }

    /** This table with the keys of a JWKS document fetched for the JWT extractors configured with {@code jwks:}. */
    public RoutingTable withJwtKeys(JwtKeys keys) {
        IdentityExtractor[] updated = identity.clone();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] instanceof IdentityExtractor.Jwt jwt && jwt.jwksUrl() != null) {
                updated[i] = jwt.withKeys(keys);
            }
        }
        return new RoutingTable(routes, updated, cohorts, effective, salt, bucketing, anonymous, session);
    }

    /** The session boundary of cutovers ({@code routing.session}), or null when cutovers do not wait for one. */
    public SessionBoundary session() {
        return session;
    }

    /** Each cohort's effective percentage, in configuration order. */
    public Map<String, Percent> percentages() {
        Map<String, Percent> result = new LinkedHashMap<>();
        for (int i = 0; i < cohorts.length; i++) {
            result.put(cohorts[i].name(), effective[i]);
        }
        return result;
    }

    /** The cohorts as configured, in order. */
    public List<Cohort> cohorts() {
        return List.of(cohorts);
    }

    /** The identity extractors, in order (the proxy reads the JWKS URLs to fetch from them). */
    public List<IdentityExtractor> identity() {
        return List.of(identity);
    }

    /** The first rule matching the request, and the request's user key. */
    public RouteMatch match(RequestFacts request) {
        RouteRule matched = null;
        for (RouteRule rule : routes) {
            if (rule.matches(request)) {
                matched = rule;
                break;
            }
        }
        return new RouteMatch(matched, matched == null ? RouteTarget.LEGACY : matched.to(), userKey(request),
                request);
    }

    /** The request's user key by the ordered extractors, or null when it is anonymous. */
    public String userKey(RequestFacts request) {
        for (IdentityExtractor extractor : identity) {
            String key = extractor.extract(request);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    /** Matches and decides in one step. */
    public Decision decide(RequestFacts request, UserStatus status) {
        return decide(match(request), status);
    }

    /** Decides where a matched request goes, by SPEC §3.4. */
    public Decision decide(RouteMatch match, UserStatus status) {
        Objects.requireNonNull(status, "status");
        String ruleId = match.rule() == null ? null : match.rule().id();
        return switch (match.target()) {
            case LEGACY -> new Decision(Upstream.LEGACY, false, ruleId, null, -1,
                    match.rule() == null ? Decision.Reason.NO_RULE : Decision.Reason.FIXED_RULE, match.userKey());
            case MODERN -> new Decision(Upstream.MODERN, false, ruleId, null, -1, Decision.Reason.FIXED_RULE,
                    match.userKey());
            case ROLLOUT -> match.userKey() == null
                    ? new Decision(anonymous, false, ruleId, null, -1, Decision.Reason.ANONYMOUS, null)
                    : rollout(ruleId, match.userKey(), match.request(), status);
        };
    }

    /**
     * The decision for a known user on a rollout route, for the admin API's {@code GET /admin/users/{key}} and
     * the CLI: {@code request} supplies what {@code when:} conditions read ({@link RequestFacts#of} for none).
     */
    public Decision decideRollout(String userKey, RequestFacts request, UserStatus status) {
        return rollout(null, Objects.requireNonNull(userKey, "userKey"), request, status);
    }

    private Decision rollout(String ruleId, String key, RequestFacts request, UserStatus status) {
        if (status.pin() != null) {
            boolean migrate = status.pin() == Upstream.MODERN && status.state() != UserState.MIGRATED;
            return new Decision(status.pin(), migrate, ruleId, null, -1, Decision.Reason.PINNED, key);
        }
        switch (status.state()) {
            case MIGRATED:
                return new Decision(Upstream.MODERN, false, ruleId, cohortOf(key, request), -1,
                        Decision.Reason.MIGRATED, key);
            case ROLLED_BACK:
                return new Decision(Upstream.LEGACY, false, ruleId, null, -1, Decision.Reason.ROLLED_BACK, key);
            case INVALID:
            case FAILED:
                if (!status.retryDue()) {
                    return new Decision(Upstream.LEGACY, false, ruleId, null, -1, Decision.Reason.RETRY_NOT_DUE,
                            key);
                }
                break;
            default:
                break;
        }
        for (int i = 0; i < cohorts.length; i++) {
            Cohort cohort = cohorts[i];
            if (cohort.selects(key, request)) {
                int bucket;
                boolean inShare;
                if (bucketing == Bucketing.UNLEASH) {
                    bucket = Bucketing.unleashNormalized(cohort.groupId(), key);
                    inShare = bucket * 100 <= effective[i].basisPoints();
                } else {
                    bucket = Bucketing.bucket(salt, key);
                    inShare = effective[i].includes(bucket);
                }
                if (inShare && session != null && session.inProgress(request)) {
                    return new Decision(Upstream.LEGACY, false, ruleId, cohort.name(), bucket,
                            Decision.Reason.LEGACY_SESSION, key);
                }
                return inShare
                        ? new Decision(Upstream.MODERN, true, ruleId, cohort.name(), bucket, Decision.Reason.IN_SHARE,
                        key)
                        : new Decision(Upstream.LEGACY, false, ruleId, cohort.name(), bucket,
                        Decision.Reason.OUT_OF_SHARE, key);
            }
        }
        return new Decision(Upstream.LEGACY, false, ruleId, null, -1, Decision.Reason.NO_COHORT, key);
    }

    /**
     * The name of the first cohort selecting the user, or null: a migrated user's requests still count as their
     * cohort's (in {@code strangler_requests_total} and in a ramp's gates), though no percentage applies to them.
     */
    private String cohortOf(String key, RequestFacts request) {
        for (Cohort cohort : cohorts) {
            if (cohort.selects(key, request)) {
                return cohort.name();
            }
        }
        return null;
    }

    /** The rules, one per line, as they read in the configuration. */
    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        Arrays.stream(routes).forEach(rule -> lines.add(rule.toString()));
        for (int i = 0; i < cohorts.length; i++) {
            lines.add("cohort " + cohorts[i].name() + " " + effective[i] + "%");
        }
        return String.join("\n", lines);
    }
}
