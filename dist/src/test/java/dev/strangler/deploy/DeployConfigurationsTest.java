package dev.strangler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.LoadResult;
import dev.strangler.config.file.StranglerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configurations the repository ships for compose and Kubernetes load as they are, and compose validates. */
class DeployConfigurationsTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final Path PLAN = ROOT.resolve("demo/src/main/resources/northwind-plan.yaml");
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "STRANGLER_ADMIN_TOKEN", "a-token-long-enough-for-the-check",
            "LEGACY_URL", "http://legacy:8080", "MODERN_URL", "http://modern:8080",
            "LEGACY_DB_URL", "postgresql://postgres:strangler@postgres:5432/northwind",
            "MODERN_DB_URL", "postgresql://postgres:strangler@postgres:5432/modern");

    @Test
    void composeConfiguration_loadsWithTheNorthwindPlanBesideIt(@TempDir Path etc) throws IOException {
        Files.copy(ROOT.resolve("deploy/compose/strangler.yaml"), etc.resolve("strangler.yaml"));
        Files.copy(PLAN, etc.resolve("northwind-plan.yaml"));

        StranglerConfig config = load(etc.resolve("strangler.yaml"));

        assertThat(config.admin().host()).isEqualTo("0.0.0.0");
        assertThat(config.migration().entities()).isNotEmpty();
    }

    @Test
    void kubernetesConfiguration_loads() {
        StranglerConfig config = load(ROOT.resolve("deploy/k8s/base/strangler.yaml"));

        assertThat(config.admin().host()).as("probes reach the admin port from outside the pod")
                .isEqualTo("0.0.0.0");
    }

    @Test
    void compose_mountsOnlyFilesThatExist() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
        List<String> mounts = new ArrayList<>();
        compose.path("services").forEach(service -> service.path("volumes").forEach(volume -> {
            String source = volume.asText().split(":")[0];
            if (source.startsWith("./")) {
                mounts.add(source);
            }
        }));
        compose.path("x-strangler-replica").path("volumes")
                .forEach(volume -> mounts.add(volume.asText().split(":")[0]));

        assertThat(mounts).isNotEmpty().allSatisfy(source -> assertThat(ROOT.resolve(source)).exists());
        assertThat(compose.path("services").fieldNames()).toIterable().contains("postgres", "legacy", "modern",
                "strangler-1", "strangler-2", "lb", "prometheus", "grafana", "jaeger");
    }

    @Test
    void compose_isValidForDockerCompose() throws Exception {
        assumeTrue(ExternalTool.onPath("docker-compose"), "docker-compose is not installed");

        String rendered = ExternalTool.run(List.of("docker-compose", "-f",
                ROOT.resolve("docker-compose.yml").toString(), "config"));

        assertThat(rendered).contains("strangler-1", "strangler-2", "/health/ready");
    }

    private static StranglerConfig load(Path file) {
        LoadResult<StranglerConfig> loaded = ConfigLoader.load(file, ENVIRONMENT);
        assertThat(loaded).as("%s: %s", file, loaded).isInstanceOf(LoadResult.Valid.class);
        return loaded.orElseThrow();
    }
}
