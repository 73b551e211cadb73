package dev.strangler.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a fresh, empty {@link MariaDbDatabase} on a real MariaDB server: one per name ({@link MariaDb}) per
 * test class, dropped when the class is done. The server ({@link MariaDbServer}: Testcontainers' MariaDB when a
 * Docker engine answers, else Debian's {@code mariadbd} in a temporary directory) is started once per test run and
 * stopped at its end. With neither, the tests are skipped, saying why; a server that fails to start fails them.
 *
 * <pre>{@code
 * @ExtendWith(MariaDbExtension.class)
 * class MySqlLegacyTest {
 *     @Test void migrates(@MariaDb("legacy") MariaDbDatabase legacy) { ... }
 * }
 * }</pre>
 */
public final class MariaDbExtension implements ParameterResolver, ExecutionCondition {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MariaDbExtension.class);
    private static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String unavailable = MariaDbServer.unavailable();
        return unavailable == null ? ConditionEvaluationResult.enabled("a MariaDB server can run")
                : ConditionEvaluationResult.disabled(unavailable);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MariaDbDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String name = parameter.findAnnotation(MariaDb.class).map(MariaDb::value).orElse("main");
        MariaDbServer server = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedServer.class, key -> new SharedServer(MariaDbServer.start()),
                        SharedServer.class).server;
        ExtensionContext classContext = classContext(context);
        Databases databases = classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(Databases.class, key -> new Databases(server), Databases.class);
        return databases.get(name, classContext.getRequiredTestClass().getSimpleName());
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The run's server, stopped by JUnit when the root store is closed at the end of the run. */
    private record SharedServer(MariaDbServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }

    /** The databases of one test class; dropped by JUnit when the class's store is closed. */
    private static final class Databases implements ExtensionContext.Store.CloseableResource {

        private final MariaDbServer server;
        private final Map<String, MariaDbDatabase> byName = new LinkedHashMap<>();

        Databases(MariaDbServer server) {
            this.server = server;
        }

        synchronized MariaDbDatabase get(String name, String testClass) {
            return byName.computeIfAbsent(name, n -> {
                String database = (testClass + "_" + n + "_" + CREATED.incrementAndGet()).toLowerCase()
                        .replaceAll("[^a-z0-9_]", "_");
                server.client(null, "CREATE DATABASE `" + database + "`");
                return new MariaDbDatabase(server, database);
            });
        }

        @Override
        public synchronized void close() {
            byName.values().forEach(database -> server.client(null, "DROP DATABASE IF EXISTS `"
                    + database.database() + "`"));
        }
    }
}
