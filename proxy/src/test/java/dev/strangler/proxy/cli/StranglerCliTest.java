package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StranglerCliTest {

    @Test
    void unknownSubcommand_exitsWith2AndSaysWhy() {
        StringWriter err = new StringWriter();
        CommandLine cli = StranglerCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("no-such-command")).isEqualTo(2);
        assertThat(err.toString()).contains("no-such-command");
    }

    @Test
    void help_exitsWith0() {
        StringWriter out = new StringWriter();
        CommandLine cli = StranglerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: strangler");
    }
}
