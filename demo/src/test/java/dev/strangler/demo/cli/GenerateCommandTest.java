package dev.strangler.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.cli.StranglerCli;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(PostgresExtension.class)
class GenerateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void stranglerCli_findsTheDemoCommands() {
        assertThat(StranglerCli.commandLine().getSubcommands()).containsKeys("generate", "demo");
    }

    @Test
    void generate_emptyDatabase_fillsItAndExits0(@Postgres("target") TestDatabase target) {
        int status = run("generate", target.uri(), "--customers", "500", "--seed", "3", "--defect-rate", "0.1");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("generated 500 customers").contains("sha256 customers ");
        assertThat(run("generate", target.uri(), "--customers", "10")).as("the database is no longer empty")
                .isEqualTo(2);
        assertThat(err.toString()).contains("expected: an empty database");
    }

    @Test
    void generate_badArguments_exit2(@Postgres("unused") TestDatabase unused) {
        assertThat(run("generate", unused.uri(), "--defect-rate", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("defect-rate").contains("1.5 (expected: 0..1)");
        assertThat(run("generate")).isEqualTo(2);
    }

    private int run(String... args) {
        CommandLine commandLine = StranglerCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
