package dev.strangler.proxy.cli;

import dev.strangler.migrator.ShadowStore.RouteReport;
import dev.strangler.proxy.shadow.ShadowReportView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler shadow report [--window 1h] [--json]}: the fleet's shadow comparisons from the state database,
 * as {@code GET /admin/shadow} shows them; works with no proxy running.
 */
@Command(name = "shadow", mixinStandardHelpOptions = true, subcommands = ShadowCommand.Report.class,
        description = "Shadow comparison results.")
public final class ShadowCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Match rate per route over a window, most frequent differing fields, noise, newest"
                    + " mismatches.")
    static final class Report implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Option(names = "--window", defaultValue = "1h", description = "how far back, such as 15m, 1h or 7d"
                + " (default: ${DEFAULT-VALUE})")
        String window;

        @Option(names = "--json", description = "print JSON instead of text")
        boolean json;

        @Override
        public Integer call() {
            Duration length;
            try {
                length = ShadowReportView.window(window);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("strangler shadow report: " + e.getMessage());
                return 2;
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Session session = Session.open(spec, config, true)) {
                Instant since = Instant.now().minus(length);
                List<RouteReport> reports = Session.await(session.migrator().shadow().report(since,
                        ShadowReportView.TOP_FIELDS, ShadowReportView.NEWEST));
                if (json) {
                    out.println(ShadowReportView.json(reports, window, since).encodePrettily());
                } else {
                    ShadowReportView.print(reports, window, out);
                }
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            }
        }
    }
}
