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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Strangler's alert rules: valid for promtool, their unit tests pass under promtool (every alert firing and
 * quiet), the compose Prometheus loads them, and the Kubernetes PrometheusRule holds the very same rules.
 * The promtool checks skip where promtool (Debian's {@code prometheus} package) is not installed.
 */
class AlertRulesTest {

    private static final Path PROMETHEUS = RepositoryRoot.find().resolve("deploy/prometheus");
    private static final Path RULES = PROMETHEUS.resolve("alerts.yml");
    private static final Path UNIT_TESTS = PROMETHEUS.resolve("alerts.test.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void rulesAndPrometheusConfiguration_areValidForPromtool() throws Exception {
        assumeTrue(ExternalTool.onPath("promtool"), "promtool is not installed (Debian package prometheus)");

        String rules = ExternalTool.run(List.of("promtool", "check", "rules", RULES.toString()));
        String config = ExternalTool.run(List.of("promtool", "check", "config",
                PROMETHEUS.resolve("prometheus.yml").toString()));

        assertThat(rules).contains("SUCCESS: " + alerts().size() + " rules found");
        assertThat(config).as("prometheus.yml loads the rules file").contains("SUCCESS: 1 rule files found");
    }

    @Test
    void unitTests_passUnderPromtool() throws Exception {
        assumeTrue(ExternalTool.onPath("promtool"), "promtool is not installed (Debian package prometheus)");

        String output = ExternalTool.run(List.of("promtool", "test", "rules", UNIT_TESTS.toString()));

        assertThat(output).contains("SUCCESS");
    }

    @Test
    void everyAlert_hasAUnitTestWhereItFiresAndOneWhereItStaysQuiet() throws IOException {
        JsonNode tests = YAML.readTree(UNIT_TESTS.toFile());
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        tests.path("tests").forEach(test -> test.path("alert_rule_test").forEach(check -> {
            String alert = check.path("alertname").asText();
            (check.path("exp_alerts").isEmpty() ? quiet : firing).add(alert);
        }));

        assertThat(tests.path("rule_files").get(0).asText()).isEqualTo(RULES.getFileName().toString());
        assertThat(firing).as("alerts seen firing").isEqualTo(alerts());
        assertThat(quiet).as("alerts seen quiet").isEqualTo(alerts());
    }

    @Test
    void kubernetesPrometheusRule_holdsTheSameRulesAsTheComposeRulesFile() throws IOException {
        JsonNode rule = YAML.readTree(RepositoryRoot.find().resolve("deploy/k8s/base/prometheusrule.yaml").toFile());
        JsonNode kustomization = YAML.readTree(RepositoryRoot.find()
                .resolve("deploy/k8s/base/kustomization.yaml").toFile());

        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("spec").path("groups")).isEqualTo(YAML.readTree(RULES.toFile()).path("groups"));
        assertThat(texts(kustomization.path("resources"))).contains("prometheusrule.yaml");
    }

    @Test
    void composePrometheus_mountsTheRulesFileBesideItsConfiguration() throws IOException {
        JsonNode prometheus = YAML.readTree(RepositoryRoot.find().resolve("docker-compose.yml").toFile())
                .path("services").path("prometheus");
        JsonNode config = YAML.readTree(PROMETHEUS.resolve("prometheus.yml").toFile());

        assertThat(texts(config.path("rule_files"))).containsExactly("alerts.yml");
        assertThat(texts(prometheus.path("volumes"))).contains(
                "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                "./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    }

    private static Set<String> alerts() throws IOException {
        Set<String> alerts = new TreeSet<>();
        YAML.readTree(RULES.toFile()).path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> alerts.add(rule.path("alert").asText())));
        assertThat(alerts).isNotEmpty().doesNotContain("");
        return alerts;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
