package dev.strangler.proxy.cli;

import dev.strangler.config.ConfigError;
import dev.strangler.config.ConfigLoader;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.StranglerConfig;
import dev.strangler.migrator.DryRun;
import dev.strangler.migrator.MigrationOutcome;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Reports.BatchProgress;
import dev.strangler.migrator.Reports.RunOptions;
import dev.strangler.migrator.Reports.RunSummary;
import dev.strangler.migrator.Trigger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler migrate --user KEY | --failed | --all [--dry-run] [--force]}: migrates one user, re-runs the
 * users whose last attempt was invalid or failed (the differential migration), or every legacy user. Exit 0 when
 * the user (or, in a batch, every user without an error) ended migrated, skipped or invalid-and-recorded; 1 when
 * an attempt failed or timed out, or a single user was not migrated; 2 on bad arguments or configuration.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Migrates one user, re-runs the failed and invalid ones, or all; --dry-run writes nothing.")
public final class MigrateCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--dry-run", description = "read, validate and transform; write nothing")
    boolean dryRun;

    @Option(names = "--force", description = "re-run users already migrated or rolled back (upserts again)")
    boolean force;

    @Option(names = "--concurrency", defaultValue = "4",
            description = "users in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    static final class Which {
        @Option(names = "--user", paramLabel = "KEY", description = "one user")
        String user;

        @Option(names = "--failed", description = "users whose state is INVALID or FAILED")
        boolean failed;

        @Option(names = "--all", description = "every user of migration.users")
        boolean all;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.open(spec, config, !dryRun)) {
            if (which.user != null) {
                return dryRun ? dryRunOne(session, out) : migrateOne(session, out);
            }
            RunOptions options = new RunOptions(concurrency, dryRun, force,
                    new Progress(spec.commandLine().getErr(), Clock.systemUTC()), Clock.systemUTC());
            RunSummary summary = Session.await(which.failed ? session.migrator().reports().migrateFailed(options)
                    : session.migrator().reports().migrateAll(options));
            out.println(summary.users() + " users: " + String.join(", ", summary.byOutcome().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).toList()));
            summary.notMigrated().forEach(line -> out.println("  " + line));
            return summary.withoutErrors() ? 0 : 1;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        }
    }

    private int migrateOne(Session session, PrintWriter out) {
        MigrationOutcome outcome = Session.await(session.migrator().engine().migrate(which.user, Trigger.CLI, force));
        out.println(which.user + ": " + outcome.ledgerOutcome() + " - " + outcome.detail());
        if (outcome instanceof MigrationOutcome.Invalid invalid) {
            invalid.violations().forEach(v -> out.println("  " + v.entity() + " " + v.row() + ": " + v.message()
                    + " (" + v.rule() + ")"));
        }
        return outcome.servedByModern() ? 0 : 1;
    }

    private int dryRunOne(Session session, PrintWriter out) {
        DryRun result = Session.await(session.migrator().engine().dryRun(which.user));
        out.println(result.toJson().encodePrettily());
        return result.wouldMigrate() ? 0 : 1;
    }

    /**
     * A loaded configuration with a started migrator on its own Vert.x, for one command run. Shared by the
     * migration commands; this is where they read the file and the environment, and nowhere else.
     */
    static final class Session implements AutoCloseable {

        private final Vertx vertx;
        private final Migrator migrator;

        private Session(Vertx vertx, Migrator migrator) {
            this.vertx = vertx;
            this.migrator = migrator;
        }

        /** Loads the file; with {@code writes}, also brings the state schema up to date (a write). */
        static Session open(CommandSpec spec, Path file, boolean writes) {
            StranglerConfig config = load(file);
            MigrationPlan plan = config.migration();
            Vertx vertx = Vertx.vertx();
            Migrator migrator = Migrator.create(vertx, plan, MigratorSettings.defaults(plan));
            Session session = new Session(vertx, migrator);
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
            LoadResult<StranglerConfig> loaded = ConfigLoader.load(file, System.getenv());
            if (loaded instanceof LoadResult.Invalid<StranglerConfig> invalid) {
                throw new BadConfiguration(invalid.errors());
            }
            return ((LoadResult.Valid<StranglerConfig>) loaded).value();
        }

        Migrator migrator() {
            return migrator;
        }

        /** Waits for a result; a failure becomes an exception, which the command line turns into exit 1. */
        static <T> T await(Future<T> future) {
            try {
                return future.toCompletionStage().toCompletableFuture().join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IllegalStateException(cause.getMessage(), cause);
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

    /**
     * Progress of a long run: on a terminal one line rewritten in place a few times a second, otherwise a plain
     * log line every few seconds, and always the last one.
     */
    static final class Progress implements Consumer<BatchProgress> {

        private final PrintWriter err;
        private final Clock clock;
        private final boolean terminal = System.console() != null;
        private Instant lastPrinted = Instant.MIN;

        Progress(PrintWriter err, Clock clock) {
            this.err = err;
            this.clock = clock;
        }

        @Override
        public synchronized void accept(BatchProgress progress) {
            Instant now = clock.instant();
            boolean last = progress.done() == progress.total();
            Duration every = terminal ? Duration.ofMillis(200) : Duration.ofSeconds(5);
            if (!last && lastPrinted != Instant.MIN && now.isBefore(lastPrinted.plus(every))) {
                return;
            }
            lastPrinted = now;
            if (terminal) {
                err.print("\r" + progress + (last ? "\n" : ""));
            } else {
                err.println(now + " progress: " + progress);
            }
            err.flush();
        }
    }
}
