package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Review #5 of the fleet barrier: an instance whose registration in the fleet fails must not serve, since barriers do
 * not count an instance without a row. The state database here refuses the row (a trigger), as it would refuse a
 * registration that cannot reach it.
 */
@ExtendWith(PostgresExtension.class)
class FleetRegistrationTest {

    private Vertx vertx;
    private Migrator migrator;
    private TestDatabase modernDb;

    @AfterEach
    void stop() {
        modernDb.execute("DROP TRIGGER IF EXISTS refuse_instances ON strangler.instances");
        migrator.close();
        vertx.close().await();
    }

    @Test
    void anInstanceThatCannotRegister_doesNotStartServing(@Postgres("legacy") TestDatabase legacy,
                                                         @Postgres("modern") TestDatabase modern) throws Exception {
        modernDb = modern;
        for (TestDatabase db : new TestDatabase[] {legacy, modern}) {
            db.execute("DROP SCHEMA IF EXISTS strangler CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        }
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        HttpServer app = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> request.response().end("served\n")).listen().await();
        StranglerConfig config = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacy, modern, app.actualPort(), app.actualPort()), Map.of()).orElseThrow();
        migrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration())).await();
        modern.execute("CREATE OR REPLACE FUNCTION strangler.refuse_instance() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'no registrations'; END $$;"
                + " CREATE TRIGGER refuse_instances BEFORE INSERT OR UPDATE ON strangler.instances"
                + " FOR EACH ROW EXECUTE FUNCTION strangler.refuse_instance()");

        Future<StranglerServer> started = StranglerServer.start(vertx, RunningStrangler.onPlane(config), migrator);
        Throwable failed = started.transform(done -> Future.succeededFuture(done.cause())).await();

        assertThat(failed).as("the start fails instead of serving unregistered").isNotNull();
        if (started.succeeded()) {
            started.result().stop().await();
        }
    }
}
