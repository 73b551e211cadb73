package dev.strangler.proxy.cli;

import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.CohortStages.StageRecord;
import dev.strangler.rules.Cohort;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strangler stage show} and {@code strangler stage set COHORT STAGE [--reason TEXT]}: each cohort's stage
 * ({@code legacy -> migrating -> coexisting -> complete}, issue 17) in the state database, audited; the sync, the
 * backfill and the proxy read it from there.
 */
@Command(name = "stage", mixinStandardHelpOptions = true, subcommands = {StageCommand.Show.class,
        StageCommand.Set.class}, description = "Shows or sets cohort stages (legacy, migrating, coexisting, complete).")
public final class StageCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Each cohort's stage, who set it and when.")
    static final class Show implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Session session = Session.open(spec, config, true)) {
                Map<String, StageRecord> stages = Session.await(session.migrator().coexistence().stages().all());
                out.println(String.format(Locale.ROOT, "%-16s %-11s %s", "cohort", "stage", "changed"));
                for (Cohort cohort : session.config().routing().cohorts()) {
                    StageRecord stage = stages.get(cohort.name());
                    out.println(String.format(Locale.ROOT, "%-16s %-11s %s", cohort.name(),
                            stage == null ? CohortStage.DEFAULT.id() : stage.stage().id(), stage == null ? "(default)"
                                    : "by " + stage.changedBy() + " at " + stage.changedAt()
                                    + (stage.reason() == null ? "" : ": " + stage.reason())));
                }
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Moves a cohort one stage forward or back; audited.")
    static final class Set implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Option(names = "--reason", description = "why, for the audit log")
        String reason;

        @Parameters(index = "0", paramLabel = "COHORT")
        String cohort;

        @Parameters(index = "1", paramLabel = "STAGE", description = "legacy, migrating, coexisting or complete")
        String stage;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            CohortStage value;
            try {
                value = CohortStage.parse(stage);
            } catch (IllegalArgumentException e) {
                err.println("strangler stage set: " + e.getMessage());
                return 2;
            }
            try (Session session = Session.open(spec, config, true)) {
                if (session.config().routing().cohorts().stream().noneMatch(c -> c.name().equals(cohort))) {
                    err.println("strangler stage set: no cohort named " + cohort + " in " + config);
                    return 2;
                }
                if (value == CohortStage.COMPLETE) {
                    err.println("strangler stage set: a cohort becomes complete through `strangler retire --cohort "
                            + cohort + "`, which checks that nothing is pending");
                    return 2;
                }
                String actor = "cli:" + System.getProperty("user.name", "unknown");
                StageRecord saved = Session.await(session.migrator().coexistence().stages()
                        .set(cohort, value, actor, reason));
                spec.commandLine().getOut().println("cohort " + cohort + ": " + saved.stage().id());
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            } catch (IllegalStateException e) {
                err.println("strangler stage set: " + e.getMessage());
                return 1;
            }
        }
    }
}
