package dev.strangler.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker on histories written by hand: it finds what it must find, and excuses only what may have happened. */
class HistoryCheckerTest {

    private static final HistorySettings SETTINGS = new HistorySettings(7, Duration.ofSeconds(60), 1, 1, 10,
            Duration.ofSeconds(3), Duration.ofMillis(800), Duration.ofSeconds(5), Duration.ofSeconds(5));
    private static final UserPool POOL = new UserPool(List.of("ALFKI"), Map.of("ALFKI", new JsonObject()),
            Map.of("ALFKI", "Owner"), List.of(11));
    private static final long SECOND = 1_000_000_000L;

    private final History history = new History();

    @Test
    void acknowledgedTitleMissingFromTheOwner_isALostWrite() {
        write("hist-1", Op.Result.OK, "legacy", 6);
        assertThat(check(state("MIGRATED", "Owner", "hist-1"))).as("caught up into modern").isEmpty();

        assertThat(check(state("MIGRATED", "hist-1", "Owner"))).as("left behind in legacy").singleElement()
                .satisfies(v -> assertThat(v.check()).isEqualTo("final"));
    }

    @Test
    void unknownWrite_mayHaveHappenedButNeedNot() {
        write("hist-1", Op.Result.OK, "modern", 6);
        write("hist-2", Op.Result.UNKNOWN, null, 7);

        assertThat(check(state("MIGRATED", "x", "hist-2"))).isEmpty();
        assertThat(check(state("MIGRATED", "x", "hist-1"))).isEmpty();
        assertThat(check(state("MIGRATED", "x", "Owner"))).extracting(HistoryChecker.Violation::check)
                .containsExactly("final");
    }

    @Test
    void readOlderThanAnAcknowledgedWrite_isAStaleRead() {
        write("hist-1", Op.Result.OK, "modern", 6);
        history.add(new Op(0, "ALFKI", Op.Kind.READ_PROFILE, "Owner", Set.of(), 8 * SECOND, 8 * SECOND + 1000,
                200, "legacy", Op.Result.OK));

        assertThat(check(state("MIGRATED", "Owner", "hist-1"))).extracting(HistoryChecker.Violation::check)
                .containsExactly("read");
    }

    @Test
    void acknowledgedOrderAbsentFromAReadAndFromTheOwner_isFound() {
        history.add(new Op(0, "ALFKI", Op.Kind.PLACE_ORDER, "20001/11x3", Set.of(), 6 * SECOND, 6 * SECOND + 1000,
                201, "modern", Op.Result.OK));
        history.add(new Op(0, "ALFKI", Op.Kind.READ_ORDERS, null, Set.of(10643L), 7 * SECOND, 7 * SECOND + 1000,
                200, "legacy", Op.Result.OK));

        assertThat(check(state("ROLLED_BACK", "Owner", "Owner"))).extracting(HistoryChecker.Violation::check)
                .containsExactly("read", "final");
    }

    @Test
    void slowRequestAfterTheWarmUp_and404_andSecondMigration_areFound() {
        history.add(new Op(0, "ALFKI", Op.Kind.READ_PROFILE, null, Set.of(), 1 * SECOND, 20 * SECOND, 504, null,
                Op.Result.UNKNOWN));
        history.add(new Op(0, "ALFKI", Op.Kind.READ_PROFILE, null, Set.of(), 21 * SECOND, 40 * SECOND, 504, null,
                Op.Result.UNKNOWN));
        history.add(new Op(0, "ALFKI", Op.Kind.READ_PROFILE, null, Set.of(), 41 * SECOND, 41 * SECOND + 1000, 404,
                "modern", Op.Result.UNKNOWN));
        FinalState last = state("MIGRATED", "Owner", "Owner");
        last.ledger().put("ALFKI", List.of(ledger(1, "MIGRATED"), ledger(2, "SKIPPED"), ledger(3, "MIGRATED")));

        assertThat(check(last)).extracting(HistoryChecker.Violation::check)
                .containsExactly("latency", "route", "ledger");
    }

    @Test
    void verifyDifference_isExcusedOnlyForATitleWrittenSinceTheMigration_heldBehindItIncluded() {
        FinalState last = state("MIGRATED", "Owner", "hist-1");
        last.ledger().put("ALFKI", List.of(ledger(1, "MIGRATED")));
        JsonObject titleDiffers = verify("contact", "contact ALFKI: title is \"hist-1\" in modern, expected \"Owner\"");

        assertThat(check(last, titleDiffers)).extracting(HistoryChecker.Violation::check).contains("verify");
        history.add(new Op(0, "ALFKI", Op.Kind.WRITE_TITLE, "hist-1", Set.of(), -4 * SECOND, 2 * SECOND, 200,
                "modern", Op.Result.OK));
        assertThat(check(last, titleDiffers)).isEmpty();
        assertThat(check(last, verify("orders", "10643: missing in modern"))).extracting(
                HistoryChecker.Violation::check).containsExactly("verify");
    }

    private void write(String title, Op.Result result, String servedBy, long second) {
        history.add(new Op(0, "ALFKI", Op.Kind.WRITE_TITLE, title, Set.of(), second * SECOND,
                second * SECOND + 1000, result == Op.Result.OK ? 200 : 503, servedBy, result));
    }

    private FinalState state(String state, String legacyTitle, String modernTitle) {
        return new FinalState(Map.of("ALFKI", state), Map.of(), Map.of("ALFKI", legacyTitle),
                Map.of("ALFKI", modernTitle), Map.of(10643L, new FinalState.PlacedOrder("ALFKI", Set.of("11x12"))),
                Map.of(), new HashMap<>());
    }

    private FinalState.LedgerLine ledger(long id, String outcome) {
        return new FinalState.LedgerLine(id, outcome, "request", history.wallMillis(0), history.wallMillis(0), "vm",
                "[]");
    }

    private static JsonObject verify(String entity, String difference) {
        return new JsonObject().put("results", new JsonArray().add(new JsonObject().put("user", "ALFKI")
                .put("clean", false).put("problems", new JsonArray()).put("entities", new JsonArray().add(
                        new JsonObject().put("entity", entity).put("expectedRows", 1).put("foundRows", 1)
                                .put("clean", false).put("differences", new JsonArray().add(difference))))));
    }

    private List<HistoryChecker.Violation> check(FinalState last) {
        return check(last, new JsonObject().put("results", new JsonArray()));
    }

    private List<HistoryChecker.Violation> check(FinalState last, JsonObject verify) {
        return new HistoryChecker(history, POOL, SETTINGS).check(last, verify);
    }
}
