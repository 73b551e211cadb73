package dev.strangler.proxy.cli;

import dev.strangler.config.ConfigError;
import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.FailureText;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line's composition root: a loaded configuration with a started migrator on its own Vert.x, for one
 * command run. Every command that touches the databases opens one; this is where the command line reads the
 * configuration file and the environment, and nowhere else.
 */
final class Session implements AutoCloseable {

    private final Vertx vertx;
    private final Migrator migrator;
    private final StranglerConfig config;

    private Session(Vertx vertx, Migrator migrator, StranglerConfig config) {
        this.vertx = vertx;
        this.migrator = migrator;
        this.config = config;
    }

    /** Loads the file; with {@code writes}, also brings the state schema up to date (a write). */
    static Session open(CommandSpec spec, Path file, boolean writes) {
        StranglerConfig config = load(file);
        MigrationPlan plan = config.migration();
        Vertx vertx = Vertx.vertx();
        Migrator migrator = Migrator.create(vertx, plan, MigratorSettings.defaults(plan));
        Session session = new Session(vertx, migrator, config);
        if (writes) {
            try {
                await(migrator.upgradeSchema());
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }
        return session;
    }

    static StranglerConfig load(Path file) {
        LoadResult<StranglerConfig> loaded = ConfigLoader.load(file, environment());
        if (loaded instanceof LoadResult.Invalid<StranglerConfig> invalid) {
            throw new BadConfiguration(invalid.errors());
        }
        return ((LoadResult.Valid<StranglerConfig>) loaded).value();
    }

    /** The process's environment variables, which configuration files may refer to. */
    static Map<String, String> environment() {
        return System.getenv();
    }

    /** Backfill settings named after this process and host ({@code HOSTNAME}), as a worker's id in the claims. */
    static Backfills.Settings backfillDefaults() {
        return Backfills.Settings.defaults(environment().getOrDefault("HOSTNAME", "localhost"));
    }

    Migrator migrator() {
        return migrator;
    }

    StranglerConfig config() {
        return config;
    }

    Vertx vertx() {
        return vertx;
    }

    /**
     * Waits for a result; a failure becomes an exception, which the command line turns into exit 1. A timeout says
     * what timed out and what to do ({@link FailureText}), never {@code Timeout} alone.
     */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(FailureText.isTimeout(cause) ? FailureText.describe(cause)
                    : cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        migrator.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The configuration has errors: each is printed on its own line with file, line and column; exit 2. */
    static final class BadConfiguration extends RuntimeException {
        private final List<ConfigError> errors;

        BadConfiguration(List<ConfigError> errors) {
            super(errors.get(0).toString(), null, false, false);
            this.errors = List.copyOf(errors);
        }

        int report(CommandSpec spec) {
            PrintWriter err = spec.commandLine().getErr();
            errors.forEach(error -> err.println("strangler " + spec.name() + ": " + error));
            err.flush();
            return 2;
        }
    }
}
