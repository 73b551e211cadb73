package dev.strangler.proxy.cli;

import dev.strangler.migrator.PlanChecks.PlanCheck;
import dev.strangler.migrator.PlanChecks.SampleReport;
import dev.strangler.proxy.ServerOptions;
import dev.strangler.proxy.jwks.JwksRefresher;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler check}: validates the configuration (every error with file, line and column) and prepares the
 * plan's statements against the databases that answer, writing nothing. Exit 0 when valid, 2 otherwise; a database
 * that does not answer is reported but is not an error of the configuration. Every {@code jwks:} URL is then
 * fetched once: one that cannot be fetched, or whose document has no usable key, fails with exit 1 naming the URL.
 * With {@code --sample N}, N real users then go through the plan without writing anything ({@link SampleText});
 * a value modern would refuse, or a user that could not be tried, exits 2. Rules broken are reported, not
 * refused: they are the legacy data's to fix.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validates the configuration and the plan; prepares its statements when the databases answer.")
public final class CheckCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--sample", defaultValue = "0", paramLabel = "N",
            description = "also run N real users, spread over the key space, through fetch, validate, transform and "
                    + "a rolled-back modern load; exit 2 when modern would refuse a value")
    int sample;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = Session.open(spec, config, false)) {
            PlanCheck check = Session.await(session.migrator().reports().check());
            check.unreachable().forEach(line -> err.println("strangler check: warning: " + line));
            check.problems().forEach(problem -> err.println("strangler check: " + problem));
            err.flush();
            if (!check.passed()) {
                return 2;
            }
            for (String url : JwksRefresher.urls(session.config().routingTable())) {
                try {
                    Session.await(JwksRefresher.fetchOnce(session.vertx(), ServerOptions.jwksClient(),
                            ServerOptions::jwksRequest, url));
                } catch (IllegalStateException e) {
                    err.println("strangler check: " + config + ": jwks " + e.getMessage());
                    err.flush();
                    return 1;
                }
            }
            out.println(config + ": valid (" + session.migrator().plan().entities().size() + " entities, plan "
                    + session.migrator().plan().version() + ")");
            if (sample > 0) {
                SampleReport report = Session.await(session.migrator().reports().sample(sample));
                SampleText.print(report, session.migrator().plan(), out);
                out.flush();
                return report.unfit().isEmpty() && report.errors().isEmpty() ? 0 : 2;
            }
            return 0;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        }
    }
}
