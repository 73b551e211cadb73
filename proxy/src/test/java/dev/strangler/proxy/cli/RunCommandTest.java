package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code strangler run} never starts on a bad configuration: it names the file, line and column, and exits 2. */
class RunCommandTest {

    @Test
    void badConfiguration_exitsWith2AndPointsAtTheError(@TempDir Path directory) throws Exception {
        Path config = directory.resolve("strangler.yaml");
        Files.writeString(config, "server: { port: 99999 }\n");
        StringWriter err = new StringWriter();
        CommandLine cli = StranglerCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int status = cli.execute("run", "--config", config.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("strangler run: strangler.yaml:1:").contains("server.port");
    }

    @Test
    void missingConfiguration_exitsWith2(@TempDir Path directory) {
        StringWriter err = new StringWriter();
        CommandLine cli = StranglerCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int status = cli.execute("run", "--config", directory.resolve("absent.yaml").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("absent.yaml");
    }

    @Test
    void run_isASubcommandOfStrangler() {
        assertThat(StranglerCli.commandLine().getSubcommands()).containsKey("run");
    }
}
