package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.MigrationTracing;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A migration is a span with the outcome as an attribute and a child span per step, exported by a real SDK. */
@ExtendWith(PostgresExtension.class)
class MigrationTracingTest {

    private static final List<SpanData> SPANS = new CopyOnWriteArrayList<>();
    private static Vertx vertx;
    private static Migrator migrator;
    private static ObservedMigrations migrations;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern)
            throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        StranglerConfig config = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacy, modern, 1, 2), Map.of()).orElseThrow();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new Collecting())).build();
        MigrationTracing tracing = new MigrationTracing(provider.get("test"));
        // A zero mark delay: the admin API's migration writes its cleaned mark right after the commit, a step of
        // the attempt's span, as a request's migration does (a deferred mark is written later, outside the span).
        migrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration())
                .withSteps(tracing).withMarkDelay(Duration.ZERO)).await();
        migrations = new ObservedMigrations(migrator.engine(), config.migration(), new SimpleMeterRegistry(),
                new EventLog(System.out, Clock.systemUTC(), true), tracing);
    }

    @AfterAll
    static void stop() {
        migrator.close();
        vertx.close().await();
    }

    @Test
    void migratedUser_isOneSpanWithAChildPerStep() {
        migrations.migrate("ALFKI", Trigger.ADMIN, false).await();

        SpanData attempt = attemptOf("MIGRATED");
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("strangler.trigger"))).isEqualTo("admin");
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("strangler.user"))).startsWith("sha256:");
        assertThat(childrenOf(attempt)).containsExactly("strangler.migration.read",
                "strangler.migration.validate", "strangler.migration.transform", "strangler.migration.load",
                "strangler.migration.commit", "strangler.migration.mark_cleaned");
    }

    @Test
    void invalidUser_stopsAfterValidation() {
        migrations.migrate("BROKN", Trigger.ADMIN, false).await();

        assertThat(childrenOf(attemptOf("INVALID"))).containsExactly("strangler.migration.read",
                "strangler.migration.validate", "strangler.migration.commit");
    }

    private static SpanData attemptOf(String outcome) {
        return SPANS.stream().filter(span -> span.getName().equals("strangler.migration"))
                .filter(span -> outcome.equals(span.getAttributes().get(AttributeKey.stringKey("strangler.outcome"))))
                .findFirst().orElseThrow();
    }

    private static List<String> childrenOf(SpanData parent) {
        return SPANS.stream().filter(span -> span.getParentSpanId().equals(parent.getSpanId()))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
                .map(SpanData::getName).toList();
    }

    private static final class Collecting implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            SPANS.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
