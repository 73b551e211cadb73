package dev.strangler.proxy.cli;

import dev.strangler.migrator.Verification.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler verify [--user KEY] [--sample N] [--json]}: checks that modern holds, for each migrated user,
 * what the plan makes of their legacy data: row counts per entity, a checksum and every mapped field. Writes
 * nothing. Exit 0 when nothing differs, 1 when something does, 2 on bad arguments or configuration.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compares migrated users' legacy data with modern's, row by row and field by field.")
public final class VerifyCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--user", paramLabel = "KEY", description = "only this user")
    String user;

    @Option(names = "--sample", defaultValue = "0", paramLabel = "N",
            description = "a random sample of N migrated users (default: all)")
    int sample;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Override
    public Integer call() {
        if (sample < 0) {
            spec.commandLine().getErr().println("strangler verify: --sample " + sample + " (expected: 0 or more)");
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.open(spec, config, false)) {
            VerifyReport report = Session.await(
                    session.migrator().verification().run(user, sample, new Random()));
            out.println(json ? report.toJson().encodePrettily() : report.toText());
            return report.clean() ? 0 : 1;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        }
    }
}
