package dev.strangler.proxy.cli;

import dev.strangler.migrator.Reports.AuditReport;
import dev.strangler.migrator.Reports.RuleCount;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler audit [--out report.html]}: validates every legacy user against the plan without writing
 * anything; prints violations by rule, and with {@code --out} writes the report as HTML there and as JSON next to
 * it ({@code report.json}).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Validates every legacy user against the plan without writing; reports violations by rule.")
public final class AuditCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--out", paramLabel = "FILE", description = "write the HTML report here, and JSON beside it")
    Path out;

    @Option(names = "--concurrency", defaultValue = "4",
            description = "users checked at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Override
    public Integer call() {
        PrintWriter printer = spec.commandLine().getOut();
        try (Session session = Session.open(spec, config, false)) {
            AuditReport report = Session.await(session.migrator().reports().audit(concurrency,
                    new MigrateCommand.Progress(spec.commandLine().getErr(), Clock.systemUTC()), Clock.systemUTC()));
            printer.println(String.format(Locale.ROOT, "%d of %d users would migrate today (%.1f%%)",
                    report.wouldMigrate(), report.users(), report.share() * 100));
            for (RuleCount rule : report.rules()) {
                printer.println(String.format(Locale.ROOT, "  %6d users  %s: %s  [%s]  e.g. %s", rule.users(),
                        rule.entity(), rule.message(), rule.rule(), String.join(", ", rule.examples())));
            }
            report.errors().forEach(error -> printer.println("  not readable: " + error));
            if (out != null) {
                Path json = jsonBeside(out);
                write(out, report.toHtml());
                write(json, report.toJson().encodePrettily());
                printer.println("report: " + out + " and " + json);
            }
            return 0;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        }
    }

    private static Path jsonBeside(Path html) {
        String name = html.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return html.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
