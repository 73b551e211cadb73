package dev.strangler.migrator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.migrator.Coexistence.SyncOutcome.Conflict;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowMergeTest {

    private static final List<String> COLUMNS = List.of("id", "city");

    private static JsonObject city(String city) {
        return city == null ? null : new JsonObject().put("id", "ALFKI").put("city", city);
    }

    @ParameterizedTest(name = "base {0}, legacy {1}, modern {2} -> write {3}, keep modern {4}, conflict {5}")
    @CsvSource({
            "Berlin, Bonn,   Berlin, true,  '',   false",
            "Berlin, Bonn,   Paris,  false, city, true",
            "Berlin, Berlin, Paris,  false, city, false",
            "Berlin, Paris,  Paris,  false, city, false",
            "Berlin, Berlin, Berlin, false, '',   false",
    })
    void decide(String base, String legacy, String modern, boolean write, String keep, boolean conflict) {
        RowMerge merge = RowMerge.decide("customer", "ALFKI", COLUMNS, city(base), city(legacy), city(modern));

        assertThat(merge.write()).isEqualTo(write);
        assertThat(merge.conflicts()).hasSize(conflict ? 1 : 0);
        if (!merge.write()) {
            assertThat(merge.keepModern()).isEmpty();
        }
        if (write) {
            assertThat(String.join(",", merge.keepModern())).isEqualTo(keep);
        }
    }

    @Test
    void legacyChangedOneColumn_modernAnother_writesLegacysAndKeepsModerns() {
        JsonObject base = new JsonObject().put("id", 1).put("city", "Berlin").put("phone", "030");
        JsonObject legacy = base.copy().put("city", "Bonn");
        JsonObject modern = base.copy().put("phone", "0228");

        RowMerge merge = RowMerge.decide("customer", "1", List.of("id", "city", "phone"), base, legacy, modern);

        assertThat(merge.write()).isTrue();
        assertThat(merge.keepModern()).containsExactly("phone");
        assertThat(merge.conflicts()).isEmpty();
    }

    @Test
    void conflict_recordsBothValuesAndTheBase() {
        RowMerge merge = RowMerge.decide("customer", "ALFKI", COLUMNS, city("Berlin"), city("Bonn"), city("Paris"));

        assertThat(merge.conflicts()).containsExactly(
                new Conflict("customer", "ALFKI", "city", "\"Paris\"", "\"Bonn\"", "\"Berlin\""));
    }

    @Test
    void noBase_writesLegacyWhenItDiffers_andModernMissing_writesLegacy() {
        assertThat(RowMerge.decide("c", "k", COLUMNS, null, city("Bonn"), city("Paris")).write()).isTrue();
        assertThat(RowMerge.decide("c", "k", COLUMNS, null, city("Bonn"), city("Bonn")).write()).isFalse();
        assertThat(RowMerge.decide("c", "k", COLUMNS, city("Bonn"), city("Bonn"), null).write()).isTrue();
    }
}
