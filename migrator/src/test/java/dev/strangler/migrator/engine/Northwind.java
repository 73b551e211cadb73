package dev.strangler.migrator.engine;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The test Northwind: schemas, a plan over them, and small helpers to start engines and read tables. */
public final class Northwind {

    /** The rule that accepts customers without a country: the fix of the differential-migration story. */
    public static final String LENIENT_COUNTRY_RULE = "row.country == null || row.country.size() > 0";

    private Northwind() {
    }

    public static void createSchemas(TestDatabase legacy, TestDatabase modern) throws Exception {
        run(legacy, resource("northwind/legacy.sql"));
        run(modern, resource("northwind/modern.sql"));
    }

    public static MigrationPlan plan(TestDatabase legacy, TestDatabase modern) {
        return plan(legacy.uri(), modern.uri(), Duration.ofSeconds(5), Map.of());
    }

    /** The plan of {@code northwind/plan.yaml}, its ${VARS} set from the arguments. */
    public static MigrationPlan plan(String legacyUri, String modernUri, Duration timeout, Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(more);
        environment.put("LEGACY_URL", legacyUri);
        environment.put("MODERN_URL", modernUri);
        environment.put("TIMEOUT", timeout.toMillis() + "ms");
        try {
            return ConfigLoader.parseMigrationPlan("plan.yaml", resource("northwind/plan.yaml"), environment)
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The default settings with a zero mark delay: every cleaned mark written right after its migration's commit,
     * for the tests of everything but deferred marks ({@code DeferredMarkTest}).
     */
    public static MigratorSettings immediateMarks(MigrationPlan plan) {
        return MigratorSettings.defaults(plan).withMarkDelay(Duration.ZERO);
    }

    public static Migrator start(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        return await(Migrator.start(vertx, plan, settings));
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** Every row of a query, column name to value as JDBC returns it. */
    public static List<Map<String, Object>> rows(TestDatabase db, String sql) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    public static long count(TestDatabase db, String sql) {
        return ((Number) rows(db, sql).get(0).values().iterator().next()).longValue();
    }

    public static void run(TestDatabase db, String sql) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Northwind.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
