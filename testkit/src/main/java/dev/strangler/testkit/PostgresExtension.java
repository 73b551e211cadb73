package dev.strangler.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test constructors, lifecycle methods and test methods a fresh, empty {@link TestDatabase} on the
 * shared server: one per name ({@link Postgres}) per test class, dropped when the class is done.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class LedgerTest {
 *     @Test void appends(@Postgres("modern") TestDatabase modern) { ... }
 * }
 * }</pre>
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String name = parameter.findAnnotation(Postgres.class).map(Postgres::value).orElse("main");
        boolean logical = parameter.findAnnotation(Postgres.class).map(Postgres::logicalDecoding).orElse(false);
        ExtensionContext classContext = classContext(context);
        Databases databases = classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(Databases.class, key -> new Databases(), Databases.class);
        return databases.get(name, classContext.getRequiredTestClass().getSimpleName(),
                logical ? PostgresFixture.logicalDecoding() : PostgresFixture.shared());
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The databases of one test class; closed by JUnit when the class's store is closed. */
    private static final class Databases implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        private final Map<String, TestDatabase> byName = new LinkedHashMap<>();
        private final Map<TestDatabase, PostgresServer> servers = new LinkedHashMap<>();

        synchronized TestDatabase get(String name, String testClass, PostgresServer server) {
            TestDatabase database = byName.computeIfAbsent(name, n -> server.createDatabase(testClass + "_" + n));
            servers.putIfAbsent(database, server);
            return database;
        }

        @Override
        public synchronized void close() {
            if (Boolean.getBoolean("strangler.test.keepDatabases")) {
                return;
            }
            servers.forEach((database, server) -> server.dropDatabase(database));
        }
    }
}
