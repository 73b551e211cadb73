package dev.strangler.proxy.cli;

import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.RolloutStore.RuntimePercent;
import dev.strangler.rules.Cohort;
import dev.strangler.config.Percent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strangler rollout show} and {@code strangler rollout set COHORT PERCENT [--reason TEXT]}: the runtime
 * percentages, read and written in the state database like the admin API does, so they work with no proxy running;
 * running proxies apply a change within a second.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true, subcommands = {RolloutCommand.Show.class,
        RolloutCommand.Set.class}, description = "Shows or sets runtime rollout percentages, fleet-wide.")
public final class RolloutCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Each cohort: configured, runtime and effective percentage, who set it and when.")
    static final class Show implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Session session = Session.open(spec, config, true)) {
                StranglerConfig configuration = session.config();
                Map<String, RuntimePercent> runtime = Session.await(
                        session.migrator().rollout().all());
                out.println(String.format(Locale.ROOT, "%-16s %10s %10s %10s  %s", "cohort", "configured",
                        "runtime", "effective", "changed"));
                for (Cohort cohort : configuration.routing().cohorts()) {
                    RuntimePercent value = runtime.get(cohort.name());
                    Percent set = value == null ? null : value.percent();
                    out.println(String.format(Locale.ROOT, "%-16s %10s %10s %10s  %s", cohort.name(),
                            cohort.percent(), set == null ? "-" : set, set == null ? cohort.percent() : set,
                            value == null ? "" : "v" + value.version() + " by " + value.changedBy() + " at "
                                    + value.changedAt() + (value.reason() == null ? "" : ": " + value.reason())));
                }
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Sets a cohort's runtime percentage; every running proxy applies it within a second.")
    static final class Set implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Option(names = "--reason", description = "why, for the audit log")
        String reason;

        @Parameters(index = "0", paramLabel = "COHORT")
        String cohort;

        @Parameters(index = "1", paramLabel = "PERCENT", description = "0 to 100, at most two decimals")
        String percent;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Percent value;
            try {
                value = Percent.parse(percent);
            } catch (IllegalArgumentException e) {
                err.println("strangler rollout set: percent: " + e.getMessage());
                return 2;
            }
            try (Session session = Session.open(spec, config, true)) {
                StranglerConfig configuration = session.config();
                if (configuration.routing().cohorts().stream().noneMatch(c -> c.name().equals(cohort))) {
                    err.println("strangler rollout set: no cohort named " + cohort + " in " + config);
                    return 2;
                }
                String actor = "cli:" + System.getProperty("user.name", "unknown");
                RuntimePercent saved = Session.await(session.migrator().rollout()
                        .set(cohort, value, OptionalLong.empty(), actor, reason));
                spec.commandLine().getOut().println("cohort " + cohort + ": " + value + "% (version "
                        + saved.version() + ")");
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            }
        }
    }
}
