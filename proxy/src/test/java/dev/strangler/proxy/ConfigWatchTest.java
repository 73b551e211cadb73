package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.control.ConfigReloader;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.rules.RoutingTable;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strangler run --config strangler.yaml > strangler.log} with the log beside the configuration (issue 13.8):
 * the reloader's own log lines land in the watched folder. Here they are appended to {@code strangler.log} in that
 * folder, as the shell redirection does; every line used to trigger a reload that logged a line, about five a
 * second, forever. Only a change of the configuration's text reloads, and only a real change is logged.
 */
@ExtendWith(PostgresExtension.class)
class ConfigWatchTest {

    private static final Logger RELOADER_LOG = Logger.getLogger(ConfigReloader.class.getName());

    private static Vertx vertx;
    private static RunningStrangler strangler;
    private static Path file;
    private static Path logFile;
    private static String original;
    private static final List<String> logged = new CopyOnWriteArrayList<>();
    private static final Handler toLogFile = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
            append(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        file = folder.resolve("strangler.yaml");
        logFile = folder.resolve("strangler.log");
        original = TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port());
        Files.writeString(file, original);
        strangler = RunningStrangler.start(vertx, file);
        original = Files.readString(file); // as started: on the Netty plane the fixture adds proxy.dataPlane to it
        RELOADER_LOG.addHandler(toLogFile);
    }

    @AfterAll
    static void stop() {
        RELOADER_LOG.removeHandler(toLogFile);
        strangler.stop();
        vertx.close().await();
    }

    @Test
    void logWrittenIntoTheConfigurationFolder_reloadsNothingAndLogsNothing() throws Exception {
        ConfigReloader reloader = strangler.server().control().reloader();
        RoutingTable table = strangler.server().resolver().table();
        logged.clear();

        for (int line = 0; line < 3; line++) {
            long checked = reloader.checks();
            append("GET /api/orders/1 200 legacy");
            await().atMost(Duration.ofSeconds(10)).until(() -> reloader.checks() > checked);
        }
        long checked = reloader.checks();
        replaceFile(original);
        await().atMost(Duration.ofSeconds(10)).until(() -> reloader.checks() > checked);

        assertThat(logged).isEmpty();
        assertThat(strangler.server().resolver().table()).isSameAs(table);
    }

    @Test
    void realEdit_isReloadedAndLoggedOnce() throws Exception {
        ConfigReloader reloader = strangler.server().control().reloader();
        logged.clear();
        long checked = reloader.checks();

        replaceFile(original.replace("{ name: everyone, percent: 0 }", "{ name: everyone, percent: 7 }"));
        await().atMost(Duration.ofSeconds(10)).until(() -> reloader.checks() >= checked + 2);

        // the edit's check reloaded and logged; the check its log line triggered found nothing to do
        assertThat(logged).hasSize(1).allMatch(line -> line.startsWith("configuration reloaded"));
        assertThat(strangler.server().resolver().table().percentages().get("everyone").basisPoints()).isEqualTo(700);
        replaceFile(original);
        await().atMost(Duration.ofSeconds(10)).until(() -> logged.size() == 2);
    }

    /** Writes beside the file and renames over it, so the watcher never reads half a file. */
    private static void replaceFile(String text) throws IOException {
        Path next = file.resolveSibling(".strangler.yaml.next");
        Files.writeString(next, text);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void append(String line) {
        try {
            Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
