package dev.strangler.proxy.cli;

import dev.strangler.migrator.ChangeAudit;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.proxy.admin.UserActions;
import dev.strangler.rules.UserState;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler rollback --user KEY | --cohort NAME}: moves migrated users back to legacy with everything they
 * wrote in modern (the plan's {@code rollback} steps, then {@code uncleaned}); they stay on legacy until
 * {@code strangler migrate --user KEY --force}. Exit 0 when every user named was rolled back, 1 when one was not
 * (not migrated, or the rollback failed), 2 on bad arguments or configuration.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Moves migrated users back to legacy, with what they wrote in modern.")
public final class RollbackCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--user", paramLabel = "KEY", description = "one user")
        String user;

        @Option(names = "--cohort", paramLabel = "NAME", description = "every migrated user of this routing cohort")
        String cohort;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.open(spec, config, true)) {
            Migrator migrator = session.migrator();
            List<String> candidates = which.user != null ? List.of(which.user) : members(migrator);
            CohortStagePolicy stages = CohortStagePolicy.of(session);
            List<String> retired = candidates.stream().filter(user -> !stages.stageOf(user).allowsRollback())
                    .toList();
            retired.forEach(user -> out.println(user + ": cohort " + stages.cohortOf(user)
                    + " is complete (legacy retired); not rolled back"));
            List<String> users = candidates.stream().filter(user -> !retired.contains(user)).toList();
            List<Rollbacks.Outcome> outcomes = Session.await(migrator.rollbacks().rollback(users,
                    Trigger.CLI, 4));
            outcomes.forEach(outcome -> out.println(outcome.userKey() + ": " + outcome.detail()));
            String actor = "cli:" + System.getProperty("user.name", "unknown");
            for (Rollbacks.Outcome outcome : outcomes) {
                Session.await(migrator.audit().record(new ChangeAudit.Entry("rollback", outcome.userKey(), actor,
                        Instant.now(), which.cohort == null ? null : "cohort " + which.cohort,
                        new JsonObject().put("outcome", UserActions.rollbackOutcome(outcome)))));
            }
            long rolledBack = outcomes.stream().filter(o -> o instanceof Rollbacks.Outcome.RolledBack).count();
            if (which.cohort != null) {
                out.println(rolledBack + " of " + outcomes.size() + " users of cohort " + which.cohort
                        + " rolled back");
            }
            return rolledBack == outcomes.size() && retired.isEmpty() ? 0 : 1;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("strangler rollback: " + e.getMessage());
            return 2;
        }
    }

    private List<String> members(Migrator migrator) {
        CohortMembers members = CohortMembers.of(Session.load(config), which.cohort);
        return Session.await(migrator.states().keysIn(Set.of(UserState.MIGRATED))).stream()
                .filter(members).toList();
    }
}
