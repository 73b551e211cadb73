package dev.strangler.config.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration may keep its migration plan in a file of its own, named by {@code plan:}. */
class PlanFileTest {

    private static final Map<String, String> ENVIRONMENT =
            Map.of("STRANGLER_ADMIN_TOKEN", "s3cret-admin-token-for-tests", "LEGACY", "postgresql://l@db/legacy");

    private static final String PROXY = """
            admin: { token: "${STRANGLER_ADMIN_TOKEN}" }
            upstreams:
              legacy: { url: "http://127.0.0.1:8081" }
              modern: { url: "http://127.0.0.1:8082" }
            routing:
              salt: rollout-2026
              routes:
                - { path: "/api/**", to: rollout }
            """;

    private static final String PLAN = """
            migration:
              legacy: "${LEGACY}"
              modern: "postgresql://m@db/modern"
              users: "SELECT customer_id FROM customers"
              entities:
                - name: customer
                  cardinality: one
                  fetch: "SELECT * FROM customers WHERE customer_id = $1"
                  map: { id: row.customer_id }
                  upsert: "INSERT INTO customer (id) VALUES (:id) ON CONFLICT (id) DO NOTHING"
              cleaned: "UPDATE customers SET migrated_at = now() WHERE customer_id = $1"
            """;

    @Test
    void plan_isReadRelativeToTheConfigurationFile(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("plans"));
        Files.writeString(folder.resolve("plans/northwind.yaml"), PLAN);
        Path config = Files.writeString(folder.resolve("strangler.yaml"), PROXY + "plan: plans/northwind.yaml\n");

        StranglerConfig loaded = ConfigLoader.load(config, ENVIRONMENT).orElseThrow();

        assertThat(loaded.migration().entities()).extracting(EntityPlan::name).containsExactly("customer");
        assertThat(loaded.migration().legacy().database()).isEqualTo("legacy");
        assertThat(loaded.migration().version())
                .isEqualTo(ConfigLoader.parseMigrationPlan("plan", PLAN, ENVIRONMENT).orElseThrow().version());
    }

    @Test
    void planErrors_nameThePlanFileAndLine(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("plan.yaml"), PLAN.replace("cardinality: one", "cardinality: several"));
        Path config = Files.writeString(folder.resolve("strangler.yaml"), PROXY + "plan: plan.yaml\n");

        LoadResult<StranglerConfig> loaded = ConfigLoader.load(config, ENVIRONMENT);

        assertThat(loaded).isInstanceOf(LoadResult.Invalid.class);
        assertThat(((LoadResult.Invalid<StranglerConfig>) loaded).errors())
                .anySatisfy(error -> assertThat(error.toString())
                        .startsWith("plan.yaml:7:")
                        .contains("migration.entities[0].cardinality"));
    }

    @Test
    void missingPlanFile_isAnErrorAtThePlanKey(@TempDir Path folder) throws IOException {
        Path config = Files.writeString(folder.resolve("strangler.yaml"), PROXY + "plan: nowhere.yaml\n");

        LoadResult<StranglerConfig> loaded = ConfigLoader.load(config, ENVIRONMENT);

        assertThat(((LoadResult.Invalid<StranglerConfig>) loaded).errors())
                .anySatisfy(error -> assertThat(error.toString())
                        .startsWith("strangler.yaml:9:")
                        .contains("plan: nowhere.yaml cannot be read"));
    }

    @Test
    void planAndMigrationTogether_isAnError(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("plan.yaml"), PLAN);
        Path config = Files.writeString(folder.resolve("strangler.yaml"), PROXY + "plan: plan.yaml\n" + PLAN);

        LoadResult<StranglerConfig> loaded = ConfigLoader.load(config, ENVIRONMENT);

        assertThat(((LoadResult.Invalid<StranglerConfig>) loaded).errors())
                .anySatisfy(error -> assertThat(error.toString()).contains("plan: given together with migration"));
    }
}
