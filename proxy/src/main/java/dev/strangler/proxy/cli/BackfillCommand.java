package dev.strangler.proxy.cli;

import dev.strangler.migrator.Backfills;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler backfill [--rate N] [--concurrency N] [--cohort NAME] [--limit N] [--retry-failed]}: migrates
 * every user not migrated yet, through the same engine and locks as lazy migration; run it on as many machines as
 * legacy can bear. Ctrl-C stops it cleanly; running it again resumes. Exit 0 when no attempt failed, 1 otherwise,
 * 2 on bad arguments or configuration.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Migrates every user not migrated yet, gently; safe on several machines at once.")
public final class BackfillCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "N[/s|/min]", converter = RateConverter.class,
            description = "users started per second (or per minute: 6000/min) at most, 0 for no limit"
                    + " (default: ${DEFAULT-VALUE}/s)")
    double rate;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "users in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--cohort", paramLabel = "NAME", description = "only the users of this routing cohort")
    String cohort;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "stop after N users (default: all)")
    long limit;

    @Option(names = "--retry-failed", description = "also users whose state is FAILED or INVALID")
    boolean retryFailed;

    @Option(names = "--max-latency", defaultValue = "500", paramLabel = "MS",
            description = "brake when the median attempt takes longer (default: ${DEFAULT-VALUE} ms)")
    long maxLatencyMillis;

    @Option(names = "--max-error-rate", defaultValue = "0.05", paramLabel = "SHARE",
            description = "brake when more attempts fail (default: ${DEFAULT-VALUE})")
    double maxErrorRate;

    @Option(names = "--load-batch", defaultValue = "64", paramLabel = "N",
            description = "users migrated together by the set-based load path; 0 for one at a time"
                    + " (default: ${DEFAULT-VALUE})")
    int loadBatch;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Backfills.Settings settings;
        try {
            settings = Session.backfillDefaults()
                    .withRate(rate).withConcurrency(concurrency).withLimit(limit)
                    .withLoadBatch(loadBatch).withRetryFailed(retryFailed)
                    .withBrake(Duration.ofMillis(maxLatencyMillis), maxErrorRate, 50);
            if (cohort != null) {
                settings = settings.withSelects(CohortMembers.of(Session.load(config), cohort));
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("strangler backfill: " + e.getMessage());
            return 2;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        }
        try (Session session = Session.open(spec, config, true)) {
            CohortStagePolicy stages = CohortStagePolicy.of(session);
            settings = settings.withSelects(settings.selects().and(user -> stages.stageOf(user).migrates()));
            Printer printer = new Printer(spec.commandLine().getErr(), Clock.systemUTC());
            Backfills.Running running = session.migrator().backfills().start(settings, printer, Clock.systemUTC());
            Thread stopper = new Thread(() -> {
                try {
                    running.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    Thread.currentThread().interrupt();
                }
            }, "strangler-backfill-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            Backfills.Summary summary;
            try {
                summary = Session.await(running.done());
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof Backfills.LeaseLost lost) {
                    spec.commandLine().getErr().println("strangler backfill: " + lost.getMessage());
                    return 1;
                }
                printer.stoppedOnError(e.getMessage(), out);
                return 1;
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                out.println("stopped; run strangler backfill again to resume");
            }
            Backfills.Progress last = summary.progress();
            out.println("backfill " + (summary.stopped() ? "stopped" : "done") + ": " + last.done() + " users in "
                    + last.elapsed().toSeconds() + "s, " + last.migrated() + " migrated, " + last.invalid()
                    + " invalid, " + last.failed() + " failed" + (summary.seeded() > 0
                    ? " (" + summary.seeded() + " users seeded from migration.users)" : ""));
            for (Map.Entry<String, Long> rule : summary.failuresByRule().entrySet()) {
                out.println("  " + rule.getValue() + " x " + rule.getKey());
            }
            return summary.withoutErrors() ? 0 : 1;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        }
    }

    /** The progress line: rewritten in place on a terminal, a plain line every few seconds otherwise. */
    static final class Printer implements Backfills.Listener {

        private final PrintWriter err;
        private final Clock clock;
        private final boolean terminal = System.console() != null;
        private Instant lastPrinted = Instant.MIN;
        private Backfills.Progress last;

        Printer(PrintWriter err, Clock clock) {
            this.err = err;
            this.clock = clock;
        }

        @Override
        public synchronized void progress(Backfills.Progress progress) {
            last = progress;
            Instant now = clock.instant();
            Duration every = terminal ? Duration.ofMillis(200) : Duration.ofSeconds(5);
            if (lastPrinted != Instant.MIN && now.isBefore(lastPrinted.plus(every))) {
                return;
            }
            lastPrinted = now;
            if (terminal) {
                err.print("\r" + progress + "   ");
            } else {
                err.println(now + " backfill: " + progress);
            }
            err.flush();
        }

        /**
         * A backfill that ended on an error (a database restarting, a statement refused): what it did so far and
         * how to go on, instead of the error alone.
         */
        synchronized void stoppedOnError(String error, PrintWriter out) {
            if (terminal) {
                err.println();
            }
            err.println("strangler backfill: stopped on an error: " + error);
            err.flush();
            out.println("backfill stopped on an error" + (last == null ? " before the first user finished"
                    : " after " + last.done() + " users in " + last.elapsed().toSeconds() + "s: " + last.migrated()
                    + " migrated, " + last.invalid() + " invalid, " + last.failed() + " failed") + ".");
            out.println("Users migrated so far stay migrated, and the claims of those in flight expire. Fix the"
                    + " cause, then run strangler backfill again: it resumes with the users not migrated yet.");
            out.flush();
        }

        @Override
        public synchronized void braked(double usersPerSecond, String reason) {
            err.println((terminal ? "\n" : clock.instant() + " ") + String.format(java.util.Locale.ROOT,
                    "backfill: rate limit now %.0f users/s: %s", usersPerSecond, reason));
            err.flush();
        }
    }
}
