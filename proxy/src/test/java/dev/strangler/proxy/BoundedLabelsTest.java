package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metric labels come from a bounded set and {@code logging.hashUserKeys} hides keys everywhere (issue 13.9). The
 * plan has a rule whose evaluation fails with a message quoting the row ({@code int(row.country)}), and users
 * without a row break {@code cardinality: one} with a count in the message: neither text may become a label, and no
 * user key (nor a row key, which is the user key here) may reach the log, not even inside a violation's detail.
 */
@ExtendWith(PostgresExtension.class)
class BoundedLabelsTest {

    private static final Pattern VIOLATION_SERIES =
            Pattern.compile("strangler_migration_violations_total\\{entity=\"([^\"]*)\",rule=\"([^\"]*)\"}");

    private static Vertx vertx;
    private static RunningStrangler strangler;
    private static PrintStream stdout;
    private static final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        String config = TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())
                .replace("        - { rule: 'row.company_name.size() > 0', message: \"company name is empty\" }\n",
                        "        - { rule: 'row.company_name.size() > 0', message: \"company name is empty\" }\n"
                        + "        - { rule: 'int(row.country) > 0', message: \"country is a number\" }\n")
                .replace("users: [ALFKI, ANATR, BROKN, SLOW1]", "users: [ALFKI, ANATR, NOPE1, NOPE2]")
                + "logging: { hashUserKeys: true }\n";
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, config);
        stdout = System.out;
        System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
        strangler = RunningStrangler.start(vertx, file);
    }

    @AfterAll
    static void stop() {
        System.setOut(stdout);
        strangler.stop();
        vertx.close().await();
    }

    @Test
    void violationsOfManyUsers_countUnderThePlansRuleNamesOnlyAndLogNoKey() throws Exception {
        for (String user : new String[] {"ALFKI", "ANATR", "NOPE1", "NOPE2"}) {
            assertThat(strangler.get("/api/orders/1", user).body()).startsWith("served-by: legacy\n");
        }

        String scrape = strangler.admin("GET", "/metrics", null, null, Map.of()).body();
        Set<String> rules = new LinkedHashSet<>();
        Set<String> entities = new LinkedHashSet<>();
        Matcher series = VIOLATION_SERIES.matcher(scrape);
        while (series.find()) {
            entities.add(series.group(1));
            rules.add(series.group(2));
        }
        assertThat(rules).as(scrape).containsExactlyInAnyOrder("country is a number", "cardinality: one");
        assertThat(entities).containsExactly("customer");

        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"migration\"", "sha256:").doesNotContain("ALFKI", "ANATR", "NOPE1", "NOPE2");
    }
}
