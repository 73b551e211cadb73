package dev.strangler.proxy.cli;

import dev.strangler.migrator.Reports.RuleCount;
import dev.strangler.migrator.Reports.StatusReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strangler status}: users by state, percentage migrated, and the rules the failing users broke. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Users by state, percentage migrated, recent failures by rule.")
public final class StatusCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.open(spec, config, false)) {
            StatusReport status = Session.await(session.migrator().reports().status(
                    Clock.systemUTC()));
            if (json) {
                out.println(status.toJson().encodePrettily());
                return 0;
            }
            out.println(String.format(Locale.ROOT, "%.1f%% migrated (%s legacy users), %d in the last hour",
                    status.percentMigrated(), status.legacyUsers() < 0 ? "legacy unreachable, ?"
                            : Long.toString(status.legacyUsers()), status.migratedLastHour()));
            status.byState().forEach((state, count) ->
                    out.println(String.format(Locale.ROOT, "  %-12s %d", state, count)));
            if (!status.failingRules().isEmpty()) {
                out.println("failing now, by rule:");
                for (RuleCount rule : status.failingRules()) {
                    out.println(String.format(Locale.ROOT, "  %6d users  %s: %s  e.g. %s", rule.users(),
                            rule.entity(), rule.message(), String.join(", ", rule.examples())));
                }
            }
            return 0;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        }
    }
}
