package dev.strangler.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code strangler} command in a JVM of its own (backfill workers, verify), as an operator runs it beside the
 * fleet: this test's class path; standard output collected, standard error (logs) kept in a file beside it.
 */
final class CliProcess {

    private final Process process;
    private final Path errors;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    private CliProcess(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.reader = new Thread(this::read, "cli-output");
        reader.setDaemon(true);
        reader.start();
    }

    static CliProcess start(Path config, Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.strangler.proxy.cli.StranglerCli"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--config", config.toString()));
        Path errors = Files.createTempFile(config.getParent(), "cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        builder.environment().putAll(environment);
        return new CliProcess(builder.start(), errors);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("(output lost: ").append(e.getMessage()).append(")\n");
            }
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status once the command ended and its output was read; SIGKILL beyond {@code seconds}. */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            throw new AssertionError("strangler command did not end within " + seconds + " s\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    /** SIGTERM, as an operator's Ctrl-C; a backfill releases its claims and exits. */
    void stop() {
        process.destroy();
    }

    /** What the command printed on standard output. */
    String stdout() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Standard output, then standard error. */
    String output() {
        try {
            return stdout() + Files.readString(errors);
        } catch (IOException e) {
            return stdout() + "(standard error unreadable: " + e.getMessage() + ")";
        }
    }
}
