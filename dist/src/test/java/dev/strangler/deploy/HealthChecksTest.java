package dev.strangler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Every health probe the repository ships, run exactly as written against a ready {@code strangler run}: the
 * compose healthchecks the load balancer waits for ({@code depends_on: service_healthy}) and the Kubernetes
 * probes of the rendered overlay. Only the container's admin port is swapped for the test instance's. A probe
 * that can never pass keeps the whole compose stack down, so each one must pass against a ready replica and fail
 * where nothing answers.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthChecksTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final String STRANGLER_IMAGE = "strangler:dev";

    private final TestDatabase legacy;
    private final TestDatabase modern;
    private ProxyProcess strangler;

    HealthChecksTest(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) {
        this.legacy = legacy;
        this.modern = modern;
    }

    @BeforeAll
    void start(@TempDir Path folder) throws Exception {
        try (Connection connection = legacy.connect()) {
            NorthwindDatabase.load(connection);
        }
        try (Connection connection = modern.connect()) {
            ModernDatabase.create(connection);
        }
        try (InputStream plan = getClass().getResourceAsStream("/northwind-plan.yaml")) {
            Files.write(folder.resolve("northwind-plan.yaml"), plan.readAllBytes());
        }
        Path config = Files.writeString(folder.resolve("strangler.yaml"), """
                server: { host: 127.0.0.1, port: 0 }
                admin: { host: 127.0.0.1, port: 0, token: "${STRANGLER_ADMIN_TOKEN}" }
                upstreams:
                  legacy: { url: "http://127.0.0.1:9" }
                  modern: { url: "http://127.0.0.1:9" }
                identity:
                  - header: X-User-Id
                routing:
                  salt: health-checks
                  routes:
                    - { path: "/**", to: rollout }
                  cohorts:
                    - { name: everyone, percent: 0 }
                plan: northwind-plan.yaml
                """);
        strangler = ProxyProcess.start(config, Map.of("STRANGLER_ADMIN_TOKEN", "health-checks-test-admin-token",
                "LEGACY_DB_URL", legacy.uri(), "MODERN_DB_URL", modern.uri()));
        HttpRequest ready = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + strangler.adminPort() + "/health/ready")).build();
        await().atMost(Duration.ofSeconds(60)).until(() -> HttpClient.newHttpClient()
                .send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (strangler != null) {
            strangler.close();
        }
    }

    @Test
    void composeHealthchecks_passAgainstAReadyReplica() throws Exception {
        int containerPort = composeAdminPort();
        Map<String, Probe> probes = composeProbes();

        assertThat(probes).as("the replicas the load balancer waits for").containsOnlyKeys("strangler-1",
                "strangler-2");
        for (Probe probe : probes.values()) {
            assertThat(probe.addresses(containerPort)).as("%s addresses admin port %d", probe.source(),
                    containerPort).isTrue();
            assertThat(probe.passes(containerPort, strangler.adminPort())).as("%s: %s", probe.source(),
                    probe.command()).isTrue();
        }
    }

    @Test
    void composeHealthchecks_failWhereNothingAnswers() throws Exception {
        int containerPort = composeAdminPort();
        int closed = closedPort();

        for (Probe probe : composeProbes().values()) {
            assertThat(probe.passes(containerPort, closed)).as("%s against a closed port", probe.source()).isFalse();
        }
    }

    @Test
    void composeServicesOthersWaitOn_haveAHealthcheck() throws IOException {
        Map<String, Object> services = section(compose(), "services");
        List<String> awaited = new ArrayList<>();
        services.values().forEach(service -> {
            if (((Map<?, ?>) service).get("depends_on") instanceof Map<?, ?> dependencies) {
                dependencies.forEach((name, condition) -> {
                    if (condition instanceof Map<?, ?> c && "service_healthy".equals(c.get("condition"))) {
                        awaited.add(String.valueOf(name));
                    }
                });
            }
        });

        assertThat(awaited).contains("strangler-1", "strangler-2", "postgres").allSatisfy(name -> assertThat(
                section(services, name)).as("healthcheck of %s", name).containsKey("healthcheck"));
    }

    @Test
    void kubernetesProbes_passAgainstAReadyReplica() throws Exception {
        assumeTrue(ExternalTool.onPath("kubectl"), "kubectl is not installed");
        List<Probe> probes = new ArrayList<>();
        int containerPort = -1;
        String rendered = ExternalTool.run(List.of("kubectl", "kustomize",
                ROOT.resolve("deploy/k8s/overlays/example").toString()));
        for (Object document : new Yaml().loadAll(rendered)) {
            Map<String, Object> object = cast(document);
            if ("ConfigMap".equals(object.get("kind"))) {
                Map<String, Object> config = new Yaml().load((String) section(object, "data").get("strangler.yaml"));
                containerPort = (Integer) section(config, "admin").get("port");
            }
            if ("Deployment".equals(object.get("kind"))) {
                probes.addAll(probesOf(object));
            }
        }

        assertThat(probes).extracting(Probe::source).contains("strangler/readinessProbe",
                "strangler/livenessProbe");
        for (Probe probe : probes) {
            assertThat(probe.addresses(containerPort)).as("%s addresses admin port %d", probe.source(),
                    containerPort).isTrue();
            assertThat(probe.passes(containerPort, strangler.adminPort())).as(probe.source()).isTrue();
            assertThat(probe.passes(containerPort, closedPort())).as("%s against a closed port", probe.source())
                    .isFalse();
        }
    }

    private static List<Probe> probesOf(Map<String, Object> deployment) {
        Map<String, Object> pod = section(section(section(deployment, "spec"), "template"), "spec");
        List<Probe> probes = new ArrayList<>();
        for (Object item : (List<?>) pod.get("containers")) {
            Map<String, Object> container = cast(item);
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Object port : (List<?>) container.getOrDefault("ports", List.of())) {
                Map<String, Object> p = cast(port);
                ports.put(String.valueOf(p.get("name")), (Integer) p.get("containerPort"));
            }
            for (String kind : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                if (container.get(kind) != null) {
                    probes.add(Probe.kubernetes(container.get("name") + "/" + kind, section(container, kind), ports));
                }
            }
        }
        return probes;
    }

    /** The healthchecks of the services that run Strangler's image, anchors and merge keys resolved. */
    private static Map<String, Probe> composeProbes() throws IOException {
        Map<String, Probe> probes = new LinkedHashMap<>();
        section(compose(), "services").forEach((name, item) -> {
            Map<String, Object> service = cast(item);
            if (STRANGLER_IMAGE.equals(service.get("image")) && service.get("healthcheck") != null) {
                probes.put(name, Probe.compose(name, section(service, "healthcheck").get("test")));
            }
        });
        return probes;
    }

    private static int composeAdminPort() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("deploy/compose/strangler.yaml"))) {
            Map<String, Object> config = new Yaml().load(reader);
            return (Integer) section(config, "admin").get("port");
        }
    }

    private static Map<String, Object> compose() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            return new Yaml().load(reader);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, Object> section(Map<String, Object> parent, String key) {
        assertThat(parent).as("a %s section", key).containsKey(key);
        return cast(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object node) {
        return (Map<String, Object>) node;
    }
}
