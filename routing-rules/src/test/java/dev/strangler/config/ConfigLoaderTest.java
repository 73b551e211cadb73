package dev.strangler.config;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.rules.Bucketing;
import dev.strangler.rules.IdentityExtractor;
import dev.strangler.rules.RouteTarget;
import dev.strangler.rules.Upstream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {

    static final Map<String, String> ENVIRONMENT = Map.of("STRANGLER_ADMIN_TOKEN", "s3cret-admin-token-for-tests",
            "DEPLOY_BOT_TOKEN_SHA256", "b".repeat(64));

    static Path resource(String name) throws Exception {
        return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
    }

    @Test
    void specExample_parsesWithEveryDefault() throws Exception {
        StranglerConfig config = ConfigLoader.load(resource("spec-example.yaml"), ENVIRONMENT).orElseThrow();

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.server().trustedProxies()).isEmpty();
        assertThat(config.server().limits()).isEqualTo(ServerLimits.DEFAULTS);
        assertThat(config.server().preserveHost()).isFalse();
        assertThat(config.admin().host()).isEqualTo("127.0.0.1");
        assertThat(config.admin().limits()).isEqualTo(AdminConfig.DEFAULT_LIMITS);
        assertThat(config.admin().port()).isEqualTo(9090);
        assertThat(config.admin().token()).isEqualTo("s3cret-admin-token-for-tests");
        assertThat(config.admin().toString()).doesNotContain("s3cret");
        assertThat(config.upstreams().legacy().url()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(config.upstreams().modern().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.upstreams().modern().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.upstreams().modern().poolSize()).isEqualTo(100);
        assertThat(config.identity()).containsExactly(new IdentityExtractor.Header("X-User-Id"),
                new IdentityExtractor.Cookie("uid"));
        assertThat(config.routing().salt()).isEqualTo("rollout-2026");
        assertThat(config.routing().anonymous()).isEqualTo(Upstream.LEGACY);
        assertThat(config.routing().bucketing()).isEqualTo(Bucketing.STRANGLER);
        assertThat(config.routing().routes()).extracting(r -> r.path().toString() + " " + r.to())
                .containsExactly("/assets/** LEGACY", "/api/customers/{key}/** ROLLOUT", "/api/orders/** ROLLOUT");
        assertThat(config.routing().routes().get(0).id()).isEqualTo("routes[0]");
        assertThat(config.routing().cohorts()).extracting(c -> c.name() + " " + c.percent())
                .containsExactly("staff 100", "uk 25", "everyone 5");
        assertThat(config.routing().cohorts().get(0).users()).containsExactlyInAnyOrder("ALFKI", "ANATR");
        assertThat(config.routing().cohorts().get(1).when()).hasToString("request.headers[\"x-country\"] == \"UK\"");
        assertThat(config.routing().cohorts().get(2).percent()).isEqualTo(Percent.parse("5"));
        assertThat(config.migration().entities()).hasSize(2);
        assertThat(config.logging().hashUserKeys()).isFalse();
        assertThat(config.proxy()).isEqualTo(ProxyConfig.DEFAULTS);
        assertThat(config.proxy().dataPlane()).isEqualTo(ProxyConfig.DataPlane.VERTX);
        assertThat(config.routing().routes().get(1).to()).isEqualTo(RouteTarget.ROLLOUT);
    }

    @Test
    void secrets_neverAppearInToString() throws Exception {
        StranglerConfig config = ConfigLoader.load(resource("every-key.yaml"), Map.of(
                "STRANGLER_ADMIN_TOKEN", "admin-token-never-logged",
                "JWT_SECRET", "jwt-secret-never-logged-0123456789abcdef",
                "DEPLOY_BOT_TOKEN_SHA256", "c".repeat(64))).orElseThrow();
        assertThat(config.toString()).doesNotContain("admin-token-never-logged")
                .doesNotContain("jwt-secret-never-logged").doesNotContain("c".repeat(64));
        LoadResult<MigrationPlan> plan = ConfigLoader.parseMigrationPlan("p.yaml", """
                migration:
                  legacy: "postgresql://legacy:pa55word@db/northwind"
                  modern: "postgresql://modern:pa55word@db/modern"
                  users: "SELECT 1"
                  entities: "not a list"
                """, Map.of());
        assertThat(plan.toString()).doesNotContain("pa55word");
        assertThat(ConfigLoader.parseMigrationPlan("p.yaml", "migration:\n  legacy: \"oracle://u:pa55word@h/d\"\n",
                Map.of()).toString()).doesNotContain("pa55word").contains("oracle://u:***@h/d");
    }

    @Test
    void everyKey_isReadWhenGiven() throws Exception {
        StranglerConfig config = ConfigLoader.load(resource("every-key.yaml"), ENVIRONMENT).orElseThrow();
        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.2", 8443, java.util.List.of(
                TrustedProxy.allHeaders("10.0.0.0/8"),
                new TrustedProxy("192.168.1.7", java.util.Set.of("x-forwarded-for", "x-real-ip")),
                TrustedProxy.allHeaders("fd00::/8")), Duration.ofSeconds(45),
                new ServerLimits(16 * 1024, 8 * 1024, 500, Duration.ofMinutes(2), Duration.ofMillis(2500),
                        1024 * 1024), true, true));
        assertThat(config.admin().host()).isEqualTo("0.0.0.0");
        assertThat(config.admin().tokens()).containsExactly(
                new AdminTokenConfig("grafana", TokenScope.READ,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                new AdminTokenConfig("deploy-bot", TokenScope.OPERATE, "b".repeat(64)));
        assertThat(config.admin().toString()).doesNotContain("9f86d0");
        assertThat(config.admin().limits()).isEqualTo(new ServerLimits(4 * 1024, 2 * 1024, 8,
                Duration.ofSeconds(20), Duration.ofSeconds(2), 64 * 1024));
        assertThat(config.upstreams().legacy()).isEqualTo(new UpstreamConfig(URI.create("https://legacy.internal"),
                Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(90), 20));
        assertThat(config.upstreams().legacy().port()).isEqualTo(443);
        assertThat(config.identity()).hasSize(5);
        assertThat(config.identity().get(4)).isInstanceOfSatisfying(IdentityExtractor.Jwt.class, jwt -> {
            assertThat(jwt.header()).isEqualTo("authorization");
            assertThat(jwt.claim()).isEqualTo("customer_id");
            assertThat(jwt.verify()).isTrue();
            assertThat(jwt.issuer()).isEqualTo("https://login.example.com");
        });
        assertThat(config.routing().bucketing()).isEqualTo(Bucketing.UNLEASH);
        assertThat(config.routing().anonymous()).isEqualTo(Upstream.MODERN);
        assertThat(config.routing().routes().get(0).methods()).containsExactlyInAnyOrder("GET", "HEAD");
        assertThat(config.routing().routes().get(0).headers()).containsEntry("x-beta", "1");
        assertThat(config.routing().routes().get(0).host()).isEqualTo("*.example.com");
        assertThat(config.routing().routes().get(0).id()).isEqualTo("beta-reports");
        assertThat(config.routing().cohorts().get(0).groupId()).isEqualTo("new-checkout");
        assertThat(config.routing().cohorts().get(0).percent()).isEqualTo(new Percent(1250));
        assertThat(config.logging().hashUserKeys()).isTrue();
        assertThat(config.proxy().dataPlane()).isEqualTo(ProxyConfig.DataPlane.NETTY);
    }
}
