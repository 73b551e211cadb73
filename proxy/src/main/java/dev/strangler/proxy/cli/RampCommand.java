package dev.strangler.proxy.cli;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.LoadResult;
import dev.strangler.config.RampPlan;
import dev.strangler.migrator.RampStore.Ramp;
import dev.strangler.migrator.RampStore.RampChange;
import dev.strangler.migrator.RampStore.RampRefused;
import dev.strangler.migrator.RampStore.Status;
import dev.strangler.proxy.ramp.RampActions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strangler ramp start|pause|resume|abort|status COHORT}: the cohort's automated ramp, changed in the state
 * database like the admin API changes it, so it works with no proxy running; the running proxies' drivers act on it
 * at their next tick. A start uses the cohort's configured plan, or {@code --plan FILE} (the keys of
 * {@code routing.cohorts[].ramp}).
 */
@Command(name = "ramp", mixinStandardHelpOptions = true, subcommands = {RampCommand.Start.class,
        RampCommand.Pause.class, RampCommand.Resume.class, RampCommand.Abort.class, RampCommand.Show.class},
        description = "Starts, pauses, resumes, aborts or shows a cohort's automated ramp, fleet-wide.")
public final class RampCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** What every ramp subcommand takes, and how it reports. */
    abstract static class Action implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Option(names = "--reason", description = "why, for the audit")
        String reason;

        @Parameters(index = "0", paramLabel = "COHORT")
        String cohort;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Session session = Session.open(spec, config, true)) {
                RampActions actions = new RampActions(session.migrator(), session.config()::routingTable,
                        session.config()::ramps);
                String actor = "cli:" + System.getProperty("user.name", "unknown");
                return run(session, actions, actor, out);
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            } catch (RampRefused e) {
                err.println("strangler ramp " + spec.name() + ": " + e.getMessage());
                return 1;
            } catch (RampActions.UnknownCohort e) {
                err.println("strangler ramp " + spec.name() + ": " + e.getMessage() + " " + config);
                return 2;
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof RampRefused refused) {
                    err.println("strangler ramp " + spec.name() + ": " + refused.getMessage());
                    return 1;
                }
                throw e;
            }
        }

        abstract int run(Session session, RampActions actions, String actor, PrintWriter out);
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts the cohort's ramp at its first step above the cohort's percentage now.")
    static final class Start extends Action {

        @Option(names = "--plan", description = "a ramp plan file instead of the configured plan")
        Path plan;

        @Override
        int run(Session session, RampActions actions, String actor, PrintWriter out) {
            RampPlan chosen = null;
            if (plan != null) {
                LoadResult<RampPlan> parsed;
                try {
                    parsed = ConfigLoader.parseRampPlan(plan.getFileName().toString(), Files.readString(plan));
                } catch (IOException e) {
                    spec.commandLine().getErr().println("strangler ramp start: --plan " + plan + " cannot be read: "
                            + e.getMessage());
                    return 2;
                }
                if (parsed instanceof LoadResult.Invalid<RampPlan> invalid) {
                    invalid.errors().forEach(error -> spec.commandLine().getErr().println("strangler ramp start: "
                            + error));
                    return 2;
                }
                chosen = ((LoadResult.Valid<RampPlan>) parsed).value();
            }
            print(out, Session.await(actions.start(cohort, chosen, actor, reason)));
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Holds a running ramp at its step.")
    static final class Pause extends Action {
        @Override
        int run(Session session, RampActions actions, String actor, PrintWriter out) {
            print(out, Session.await(actions.pause(cohort, actor, reason)));
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Runs a paused ramp again; its step is watched for a whole interval from now.")
    static final class Resume extends Action {
        @Override
        int run(Session session, RampActions actions, String actor, PrintWriter out) {
            print(out, Session.await(actions.resume(cohort, actor, reason)));
            return 0;
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true, description = "Ends a ramp: the cohort's percentage "
            + "goes to 0 for users not yet migrated; with abort: rollback, the users it migrated are rolled back.")
    static final class Abort extends Action {
        @Override
        int run(Session session, RampActions actions, String actor, PrintWriter out) {
            RampActions.Aborted aborted = Session.await(actions.abort(cohort, actor, reason));
            print(out, aborted.ramp());
            if (aborted.ramp().plan().rollback()) {
                out.println("rolled back: " + aborted.rolledBack().size() + " users");
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The ramp and its latest changes.")
    static final class Show extends Action {
        @Override
        int run(Session session, RampActions actions, String actor, PrintWriter out) {
            Optional<Ramp> ramp = Session.await(session.migrator().ramps().find(cohort));
            if (ramp.isEmpty()) {
                out.println("cohort " + cohort + ": no ramp");
                return 0;
            }
            print(out, ramp.get());
            List<RampChange> history = Session.await(session.migrator().ramps().history(cohort, 20));
            for (RampChange change : history) {
                out.println("  " + change.changedAt() + " " + change.action() + " step " + (change.step() + 1) + " "
                        + change.percent() + "% by " + change.changedBy()
                        + (change.reason() == null ? "" : ": " + change.reason()));
            }
            return 0;
        }
    }

    private static void print(PrintWriter out, Ramp ramp) {
        out.println("cohort " + ramp.cohort() + ": ramp " + ramp.status().id() + " at step " + (ramp.step() + 1) + "/"
                + ramp.plan().steps().size() + " (" + (ramp.status() == Status.ABORTED ? "0" : ramp.percent())
                + "%), " + ramp.plan() + "; last change by " + ramp.changedBy() + " at " + ramp.changedAt()
                + (ramp.reason() == null ? "" : ": " + ramp.reason()));
    }
}
