package dev.strangler.config.file;

import dev.strangler.config.AdminConfig;
import dev.strangler.config.LoggingConfig;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.ProxyConfig;
import dev.strangler.config.RampsConfig;
import dev.strangler.config.ServerConfig;
import dev.strangler.config.ShadowConfig;
import dev.strangler.config.UpstreamsConfig;
import dev.strangler.rules.IdentityExtractor;
import dev.strangler.rules.RoutingConfig;
import dev.strangler.rules.RoutingTable;
import java.util.List;
import java.util.Objects;

/**
 * The whole of {@code strangler.yaml} (SPEC §8), validated. Only {@link ConfigLoader} makes one, and only from a
 * file without errors; every key, its default and its checks are documented on the record that holds it.
 *
 * @param server    the public listener ({@code server:})
 * @param admin     the admin API's listener and token ({@code admin:}, required for its token)
 * @param upstreams the legacy and modern systems ({@code upstreams:}, required)
 * @param identity  how a request's user key is found, tried in order ({@code identity:}, a list of one-key
 *                  mappings: {@code header: NAME}, {@code cookie: NAME}, {@code query: NAME},
 *                  {@code path: /template/{key}/**}, {@code jwt: {...}} (see {@link IdentityExtractor.Jwt})); empty
 *                  makes
 *                  every request anonymous
 * @param routing   route rules, cohorts and bucketing ({@code routing:})
 * @param migration the migration plan ({@code migration:}, required; see {@link MigrationPlan})
 * @param logging   what logs may contain ({@code logging:})
 * @param shadow    shadow comparison ({@code shadow:} and each route's {@code compare:}; see {@link ShadowConfig})
 * @param ramps     each cohort's automated ramp ({@code routing.cohorts[].ramp}) and the Prometheus their
 *                  {@code promql} gates ask ({@code prometheus:}); see {@link RampPlan}
 * @param proxy     how end users are served ({@code proxy:}): which data plane; see {@link ProxyConfig}
 */
public record StranglerConfig(ServerConfig server, AdminConfig admin, UpstreamsConfig upstreams,
                              List<IdentityExtractor> identity, RoutingConfig routing, MigrationPlan migration,
                              LoggingConfig logging, ShadowConfig shadow, RampsConfig ramps, ProxyConfig proxy) {

    public StranglerConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(upstreams, "upstreams");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(shadow, "shadow");
        Objects.requireNonNull(ramps, "ramps");
        Objects.requireNonNull(proxy, "proxy");
        identity = List.copyOf(identity);
    }

    /** The routing table of this configuration, with the configured percentages. */
    public RoutingTable routingTable() {
        return RoutingTable.of(routing, identity);
    }
}
