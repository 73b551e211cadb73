package dev.strangler.testkit;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A server someone else runs, named by {@code STRANGLER_TEST_PG_URL}
 * ({@code postgresql://user:password@host:port/maintenance-db}). Each test class gets a database of its own on it.
 */
final class ExternalServer implements PostgresServer {

    private final AdminConnection admin;
    private final String address;

    ExternalServer(String url) {
        TestDatabase maintenance = parse(url);
        this.admin = new AdminConnection(maintenance);
        this.address = maintenance.host() + ":" + maintenance.port();
    }

    static TestDatabase parse(String url) {
        String withoutJdbc = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri = URI.create(withoutJdbc);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("STRANGLER_TEST_PG_URL: " + url
                    + " (expected: postgresql://user:password@host:port/database)");
        }
        String user = "postgres";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new TestDatabase(uri.getHost() == null ? "localhost" : uri.getHost(),
                uri.getPort() < 0 ? 5432 : uri.getPort(), path.isEmpty() ? "postgres" : path, user, password);
    }

    @Override
    public TestDatabase createDatabase(String prefix) {
        return admin.createDatabase(prefix);
    }

    @Override
    public void dropDatabase(TestDatabase database) {
        admin.dropDatabase(database);
    }

    @Override
    public String description() {
        return "external PostgreSQL " + admin.serverVersion() + " at " + address;
    }
}
