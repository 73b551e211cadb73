package dev.strangler.demo.cli;

import dev.strangler.demo.DatabaseAddress;
import dev.strangler.demo.generator.DefectRates;
import dev.strangler.demo.generator.GeneratorReport;
import dev.strangler.demo.generator.MessyDataGenerator;
import dev.strangler.proxy.cli.StranglerCommand;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strangler generate}: fills an empty database with a large, messy legacy data set. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Fills an empty PostgreSQL database with the Northwind schema and N synthetic, messy customers",
            "(about 15 orders each, 2.6 lines per order), for audits, backfills and benchmarks.",
            "The same seed always gives the same data."})
public final class GenerateCommand implements StranglerCommand {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATABASE_URL",
            description = "an empty database: postgresql://user:password@host:port/database")
    private String database;

    @Option(names = "--customers", defaultValue = "100000", description = "how many customers (default: ${DEFAULT-VALUE})")
    private long customers;

    @Option(names = "--seed", defaultValue = "1", description = "the random seed (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--defect-rate", defaultValue = "0.05",
            description = "the probability of each kind of defect, 0 to 1 (default: ${DEFAULT-VALUE})")
    private double defectRate;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DefectRates defects;
        DatabaseAddress address;
        if (!(defectRate >= 0 && defectRate <= 1)) {
            err.println("strangler generate: --defect-rate: " + defectRate + " (expected: 0..1)");
            return 2;
        }
        if (customers < 0) {
            err.println("strangler generate: --customers: " + customers + " (expected: 0 or more)");
            return 2;
        }
        try {
            defects = DefectRates.uniform(defectRate);
            address = DatabaseAddress.parse(database);
        } catch (IllegalArgumentException e) {
            err.println("strangler generate: " + e.getMessage());
            return 2;
        }
        Progress progress = new Progress(customers, System.console() != null, out);
        try {
            GeneratorReport report = new MessyDataGenerator(address::connect, Clock.systemUTC())
                    .generate(customers, seed, defects, progress);
            progress.done();
            out.println("generated " + report + " into " + address);
            report.sha256ByTable().forEach((table, sha) -> out.println("  sha256 " + table + " " + sha));
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("strangler generate: " + e.getMessage());
            return 2;
        } catch (SQLException e) {
            err.println("strangler generate: " + address + ": " + e.getMessage());
            return 1;
        }
    }

    /** Count, rate and ETA: rewritten in place on a terminal, one log line per step otherwise. */
    private static final class Progress implements java.util.function.LongConsumer {
        private final long total;
        private final boolean terminal;
        private final PrintWriter out;
        private final long start = System.nanoTime();

        Progress(long total, boolean terminal, PrintWriter out) {
            this.total = total;
            this.terminal = terminal;
            this.out = out;
        }

        @Override
        public void accept(long done) {
            if (!terminal && done % 100_000 != 0) {
                return;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = done / Math.max(seconds, 0.001);
            String line = String.format(Locale.ROOT, "%,d / %,d customers, %,.0f/s, ETA %.0f s", done, total, rate,
                    (total - done) / Math.max(rate, 1));
            if (terminal) {
                out.print("\r" + line);
            } else {
                out.println(line);
            }
            out.flush();
        }

        void done() {
            if (terminal) {
                out.println();
            }
        }
    }
}
