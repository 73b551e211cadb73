package dev.strangler.proxy.cli;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Reports.BatchProgress;
import dev.strangler.migrator.Reports.RunOptions;
import dev.strangler.migrator.Reports.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler migrate --user KEY | --failed | --all [--dry-run [--json]] [--force]}: migrates one user,
 * re-runs the users whose last attempt was invalid or failed (the differential migration), or every legacy user.
 * Exit 0 when the user (or, in a batch, every user without an error) ended migrated, skipped or
 * invalid-and-recorded; 1 when an attempt failed or timed out, or a single user was not migrated; 2 on bad
 * arguments or configuration. A single user's dry run prints a short summary ({@link DryRunText}); {@code --json}
 * prints it whole.
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

    @Option(names = "--json", description = "with --user and --dry-run: print the full dry run as JSON (rows read "
            + "and written, violations) instead of a summary")
    boolean json;

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
        MigrationEngine.Outcome outcome = Session.await(session.migrator().engine().migrate(which.user, Trigger.CLI,
                force));
        out.println(which.user + ": " + outcome.ledgerOutcome() + " - " + outcome.detail());
        if (outcome instanceof MigrationEngine.Outcome.Invalid invalid) {
            invalid.violations().forEach(v -> out.println("  " + v.entity() + " " + v.row() + ": " + v.message()
                    + " (" + v.rule() + ")"));
        }
        return outcome.servedByModern() ? 0 : 1;
    }

    private int dryRunOne(Session session, PrintWriter out) {
        DryRun result = Session.await(session.migrator().engine().dryRun(which.user));
        if (json) {
            out.println(result.toJson().encodePrettily());
        } else {
            DryRunText.print(result, out);
        }
        return result.wouldMigrate() ? 0 : 1;
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
