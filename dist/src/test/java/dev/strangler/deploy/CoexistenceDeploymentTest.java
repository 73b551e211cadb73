package dev.strangler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The coexistence deployments of issue 17: the Kubernetes overlay renders the embedded sync and the Strimzi
 * connector, the compose profiles validate, and every place that configures the Debezium connector captures the
 * same way (slot, publication, tables, pgoutput, no snapshot, transaction metadata) as the embedded engine.
 */
class CoexistenceDeploymentTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> CAPTURE = List.of("plugin.name", "slot.name", "publication.name",
            "publication.autocreate.mode", "table.include.list", "snapshot.mode", "provide.transaction.metadata",
            "topic.prefix", "tombstones.on.delete", "decimal.handling.mode");

    @Test
    void kubernetesOverlay_rendersTheEmbeddedSyncAndTheSameConnectorForKafkaConnect() throws Exception {
        assumeTrue(ExternalTool.onPath("kubectl"), "kubectl is not installed");
        List<JsonNode> objects = new ArrayList<>();
        YAML.readerFor(JsonNode.class).readValues(ExternalTool.run(List.of("kubectl", "kustomize",
                ROOT.resolve("deploy/k8s/overlays/coexistence").toString())))
                .forEachRemaining(node -> objects.add((JsonNode) node));

        JsonNode sync = one(objects, "Deployment", "strangler-sync");
        assertThat(sync.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(sync.path("spec").path("strategy").path("type").asText()).isEqualTo("Recreate");
        assertThat(sync.path("spec").path("template").path("spec").path("containers").get(0).path("args").get(0)
                .asText()).isEqualTo("sync");
        JsonNode connector = one(objects, "KafkaConnector", "strangler-legacy").path("spec");
        JsonNode embedded = YAML.readTree(ROOT.resolve("deploy/connect/strangler-legacy.json").toFile());
        assertThat(connector.path("class").asText()).isEqualTo(embedded.path("config").path("connector.class")
                .asText());
        for (String key : CAPTURE) {
            assertThat(connector.path("config").path(key).asText()).as(key)
                    .isEqualTo(embedded.path("config").path(key).asText());
        }
        assertThat(objects).extracting(node -> node.path("kind").asText()).contains("Deployment", "KafkaConnect",
                "PrometheusRule");
    }

    @Test
    void composeProfiles_validate_andPostgresDecodesLogically() throws Exception {
        assumeTrue(ExternalTool.onPath("docker-compose"), "docker-compose is not installed");
        JsonNode compose = YAML.readTree(ExternalTool.run(List.of("docker-compose", "-f",
                ROOT.resolve("docker-compose.yml").toString(), "--profile", "coexistence", "--profile",
                "kafka-connect", "config")));

        JsonNode services = compose.path("services");
        assertThat(services.path("postgres").path("command").toString()).contains("wal_level=logical");
        assertThat(services.path("strangler-sync-1").path("command").get(0).asText()).isEqualTo("sync");
        assertThat(services.path("strangler-sync-2").path("command").get(0).asText()).isEqualTo("sync");
        assertThat(services.path("connect").path("image").asText()).endsWith(":3.6.1.Final");
        assertThat(services.path("connect-register").path("volumes").toString()).contains("strangler-legacy.json");
    }

    @Test
    void debeziumServer_capturesAsTheEmbeddedEngine_andPostsToTheSyncsLegacyPath() throws Exception {
        Properties server = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("deploy/debezium-server/application.properties"))) {
            server.load(in);
        }
        JsonNode embedded = YAML.readTree(ROOT.resolve("deploy/connect/strangler-legacy.json").toFile());

        for (String key : CAPTURE) {
            assertThat(server.getProperty("debezium.source." + key)).as(key)
                    .isEqualTo(embedded.path("config").path(key).asText());
        }
        assertThat(server.getProperty("debezium.sink.type")).isEqualTo("http");
        assertThat(server.getProperty("debezium.sink.http.url")).endsWith("/debezium/legacy");
        assertThat(server.getProperty("debezium.format.value.schemas.enable")).isEqualTo("false");
    }

    private static JsonNode one(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(node -> node.path("kind").asText().equals(kind)
                        && node.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }
}
