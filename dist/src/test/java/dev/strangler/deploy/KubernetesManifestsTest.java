package dev.strangler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Renders {@code deploy/k8s/overlays/example} with kustomize and checks what a production rollout relies on. */
class KubernetesManifestsTest {

    private static final Path OVERLAY = RepositoryRoot.find().resolve("deploy/k8s/overlays/example");

    private static List<JsonNode> objects;

    @BeforeAll
    static void render() throws IOException, InterruptedException {
        assumeTrue(ExternalTool.onPath("kubectl"), "kubectl is not installed");
        String rendered = ExternalTool.run(List.of("kubectl", "kustomize", OVERLAY.toString()));
        objects = new ArrayList<>();
        new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(rendered)
                .forEachRemaining(node -> objects.add((JsonNode) node));
    }

    @Test
    void rendersEveryKindAProductionDeploymentNeeds() {
        assertThat(objects).extracting(node -> node.path("kind").asText()).contains("Deployment", "Service",
                "ConfigMap", "Secret", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceMonitor",
                "PrometheusRule", "Job");
    }

    @Test
    void deployment_runsThreeReplicasWithProbesLimitsAndAntiAffinity() {
        JsonNode pod = one("Deployment", "strangler").path("spec");
        assertThat(pod.path("replicas").asInt()).isEqualTo(3);
        JsonNode podSpec = pod.path("template").path("spec");
        JsonNode container = podSpec.path("containers").get(0);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
        assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotEmpty();
        assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
        assertThat(container.path("lifecycle").path("preStop").isMissingNode()).isFalse();
        assertThat(podSpec.path("affinity").path("podAntiAffinity").isMissingNode()).isFalse();
        assertThat(podSpec.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    }

    @Test
    void gracePeriod_coversTheDrainTimeoutAndThePreStopPause() throws IOException {
        JsonNode podSpec = one("Deployment", "strangler").path("spec").path("template").path("spec");
        int preStop = podSpec.path("containers").get(0).path("lifecycle").path("preStop").path("sleep")
                .path("seconds").asInt();
        JsonNode config = new ObjectMapper(new YAMLFactory())
                .readTree(one("ConfigMap", "strangler-config").path("data").path("strangler.yaml").asText());
        int drainSeconds = Integer.parseInt(config.path("server").path("drainTimeout").asText().replace("s", ""));
        assertThat(podSpec.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(drainSeconds + preStop);
    }

    @Test
    void configMap_keepsAFixedNameSoTheMountedFileIsUpdatedInPlace() {
        JsonNode volumes = one("Deployment", "strangler").path("spec").path("template").path("spec").path("volumes");
        assertThat(volumes.findValuesAsText("name")).contains("strangler-config");
        assertThat(one("ConfigMap", "strangler-config").path("data").has("strangler.yaml")).isTrue();
    }

    @Test
    void backfill_runsAsAParallelJob() {
        JsonNode job = one("Job", "strangler-backfill").path("spec");
        assertThat(job.path("parallelism").asInt()).isGreaterThan(1);
        assertThat(job.path("template").path("spec").path("containers").get(0).path("args").get(0).asText())
                .isEqualTo("backfill");
    }

    @Test
    void disruptionBudgetAndAutoscaler_keepEnoughReplicas() {
        assertThat(one("PodDisruptionBudget", "strangler").path("spec").path("minAvailable").asInt()).isEqualTo(2);
        assertThat(one("HorizontalPodAutoscaler", "strangler").path("spec").path("minReplicas").asInt())
                .isGreaterThanOrEqualTo(3);
        assertThat(one("ServiceMonitor", "strangler").path("spec").path("endpoints").get(0).path("path").asText())
                .isEqualTo("/metrics");
    }

    private static JsonNode one(String kind, String name) {
        return objects.stream()
                .filter(node -> kind.equals(node.path("kind").asText())
                        && name.equals(node.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in the rendered overlay"));
    }
}
