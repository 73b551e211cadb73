package dev.strangler.config.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.ConfigError;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a problem inside an expression or an upsert points at its line and column in the file however the value
 * was written: a plain or quoted scalar, a literal ({@code |}) or a folded ({@code >}) block, on one line or several.
 */
class PlanPositionsTest {

    private static final String PLAN = """
            migration:
              legacy: "postgresql://legacy@db/legacy"
              modern: "postgresql://modern@db/modern"
              users: "SELECT customer_id FROM customers"
              entities:
                - name: customer
                  fetch: "SELECT * FROM customers WHERE customer_id = $1"
                  validate:
                    - rule: |
                        row.country != null &&
                          row.country.size() > 0
                      message: no country
                  map:
                    id: row.customer_id
                    name: >
                      row.company_name
                      .trim()
                    country: row.country
                    region: 'row.region'
                  upsert: >
                    INSERT INTO customer (id, name,
                      country, region)
                    VALUES (:id, :name,
                            :country, :region)
            """;

    private static final MigrationPlan LOADED = ConfigLoader.parseMigrationPlan("plan.yaml", PLAN, Map.of())
            .orElseThrow();

    @Test
    void literalBlock_secondLineMapsToItsFileLineAndColumn() {
        assertThat(LOADED.positions().inExpression("migration.entities[0].validate[0].rule", 2, 15, "x").toString())
                .startsWith("plan.yaml:11:27: ");
        assertThat(LOADED.positions().inExpression("migration.entities[0].validate[0].rule", 1, 1, "x").toString())
                .startsWith("plan.yaml:10:13: ");
    }

    @Test
    void foldedBlock_mapsThroughTheFoldedLineBreak() {
        assertThat(LOADED.positions().inExpression("migration.entities[0].map.name", 1, 19, "x").toString())
                .startsWith("plan.yaml:17:12: ");
    }

    @Test
    void plainAndQuotedScalars_mapOnTheirLine() {
        assertThat(LOADED.positions().inExpression("migration.entities[0].map.country", 1, 5, "x").toString())
                .startsWith("plan.yaml:18:22: ");
        assertThat(LOADED.positions().inExpression("migration.entities[0].map.region", 1, 5, "x").toString())
                .startsWith("plan.yaml:19:22: ");
    }

    @Test
    void parameterInsideAFoldedUpsert_mapsToItsColon() {
        String upsert = LOADED.entities().get(0).upsert();
        assertThat(LOADED.positions().inText("migration.entities[0].upsert",
                NamedStatement.offsetOf(upsert, "region"), "x").toString())
                .startsWith("plan.yaml:24:27: ");
        assertThat(LOADED.positions().inText("migration.entities[0].upsert", -1, "x").toString())
                .startsWith("plan.yaml:20:15: ");
    }

    @Test
    void missingMapEntry_isReportedAtTheParameterInsideAMultiLineUpsert() {
        assertThat(errors(PLAN.replace("        region: 'row.region'\n", ""))).containsExactly(
                "plan.yaml:23:27: migration.entities[0].upsert: :region is not a field of map (expected one of: "
                        + "id, name, country)");
        assertThat(errors(PLAN.replace("upsert: >", "upsert: |").replace("        region: 'row.region'\n", "")))
                .containsExactly("plan.yaml:23:27: migration.entities[0].upsert: :region is not a field of map "
                        + "(expected one of: id, name, country)");
    }

    @Test
    void expressionThatDoesNotCompile_inALiteralBlock_isReportedAtItsLineAndColumn() {
        assertThat(errors(PLAN.replace("  row.country.size() > 0", "  row.country.size() > )")))
                .singleElement().satisfies(error -> assertThat(error)
                        .startsWith("plan.yaml:11:36: migration.entities[0].validate[0].rule: "));
        assertThat(errors(PLAN.replace("  .trim()", "  .trim(]"))).singleElement()
                .satisfies(error -> assertThat(error).startsWith("plan.yaml:17:17: migration.entities[0].map.name: "));
        assertThat(errors(PLAN.replace("country: row.country", "country: row.country +")))
                .singleElement().satisfies(error -> assertThat(error)
                        .startsWith("plan.yaml:18:31: migration.entities[0].map.country: "));
    }

    private static List<String> errors(String yaml) {
        LoadResult<MigrationPlan> result = ConfigLoader.parseMigrationPlan("plan.yaml", yaml, Map.of());
        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        return ((LoadResult.Invalid<MigrationPlan>) result).errors().stream().map(ConfigError::toString).toList();
    }
}
