package dev.strangler.proxy.cli;

import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.SyncStatus;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.UserStateStore.CleanedBacklog;
import dev.strangler.rules.UserState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler retire --cohort NAME [--sync NAME]}: the last step of a cohort (issue 17). Prints the checklist
 * (the cohort coexists, every member is migrated, no cleaned mark is owed, the sync is current) and refuses, exit 1,
 * while anything is pending; when all pass it moves the cohort to {@code complete}: sync-back stops and the
 * cohort's legacy rows may be archived.
 */
@Command(name = "retire", mixinStandardHelpOptions = true,
        description = "Checks a cohort can leave legacy for good, and marks it complete when nothing is pending.")
public final class RetireCommand implements StranglerCommand {

    /** A sync whose figures are older than this, or whose lag is above it, is not current. */
    static final Duration CURRENT = Duration.ofMinutes(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
    Path config;

    @Option(names = "--cohort", required = true, paramLabel = "NAME", description = "the cohort to retire")
    String cohort;

    @Option(names = "--sync", defaultValue = "strangler", paramLabel = "NAME", description = "the sync's name")
    String syncName;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.open(spec, config, true)) {
            CohortMembers members = CohortMembers.of(session.config(), cohort);
            Migrator migrator = session.migrator();
            CohortStage stage = Session.await(migrator.coexistence().stages().stageOf(cohort));
            List<String> pending = new ArrayList<>();
            check(out, pending, stage == CohortStage.COEXISTING || stage == CohortStage.COMPLETE,
                    "stage is coexisting (legacy kept current by sync-back): " + stage.id());
            Set<String> migrated = new HashSet<>(Session.await(migrator.states().keysIn(Set.of(UserState.MIGRATED))));
            List<String> notMigrated = Session.await(migrator.reports().legacyUsers()).stream().filter(members)
                    .filter(user -> !migrated.contains(user)).toList();
            check(out, pending, notMigrated.isEmpty(), "every member is migrated: " + notMigrated.size()
                    + " not" + (notMigrated.isEmpty() ? "" : " (" + String.join(", ",
                    notMigrated.subList(0, Math.min(5, notMigrated.size()))) + (notMigrated.size() > 5 ? ", ..." : "")
                    + ")"));
            CleanedBacklog owed = Session.await(migrator.states().cleanedBacklog());
            check(out, pending, owed.users() == 0, "no cleaned mark owed: " + owed.users());
            Optional<SyncStatus> sync = Session.await(migrator.coexistence().lastStatus(syncName));
            check(out, pending, sync.isPresent() && current(sync.get()), "sync " + syncName + " is current: "
                    + sync.map(s -> "updated " + s.updatedAt() + ", lag " + s.lagSeconds()).orElse("never ran"));
            if (!pending.isEmpty()) {
                out.println("strangler retire: cohort " + cohort + " cannot be retired yet: " + pending.size()
                        + " item(s) pending");
                return 1;
            }
            if (stage != CohortStage.COMPLETE) {
                Session.await(migrator.coexistence().stages().set(cohort, CohortStage.COMPLETE,
                        "cli:" + System.getProperty("user.name", "unknown"), "strangler retire"));
            }
            out.println("cohort " + cohort + ": complete; sync-back stopped, its legacy rows may be archived");
            return 0;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("strangler retire: " + e.getMessage());
            return 2;
        }
    }

    private static boolean current(SyncStatus status) {
        return status.updatedAt().isAfter(Instant.now().minus(CURRENT))
                && status.lagSeconds().values().stream().allMatch(lag -> lag < CURRENT.toSeconds());
    }

    private static void check(PrintWriter out, List<String> pending, boolean done, String item) {
        out.println((done ? "[x] " : "[ ] ") + item);
        if (!done) {
            pending.add(item);
        }
    }
}
