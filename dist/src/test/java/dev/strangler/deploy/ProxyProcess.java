package dev.strangler.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code strangler run} in a JVM of its own, as a replica runs in production: started with this test's class
 * path, ready once it prints the ports it listens on, stopped with SIGTERM like an orchestrator stops it, or killed
 * with SIGKILL like a crash.
 */
public final class ProxyProcess implements AutoCloseable {

    private static final Pattern LISTENING =
            Pattern.compile("proxy listening on port (\\d+), admin on port (\\d+)");

    private final Process process;
    private final int port;
    private final int adminPort;
    private final StringBuilder output;

    private ProxyProcess(Process process, int port, int adminPort, StringBuilder output) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
        this.output = output;
    }

    public static ProxyProcess start(Path config, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "dev.strangler.proxy.cli.StranglerCli", "run", "--config", config.toString()))
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(process, output, ready), "replica-output");
        reader.setDaemon(true);
        reader.start();
        try {
            Matcher ports = ready.get(90, TimeUnit.SECONDS);
            return new ProxyProcess(process, Integer.parseInt(ports.group(1)), Integer.parseInt(ports.group(2)),
                    output);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("replica did not start: " + e + "\n" + output, e);
        }
    }

    private static void read(Process process, StringBuilder output, CompletableFuture<Matcher> ready) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    ready.complete(matcher);
                }
            }
            ready.completeExceptionally(new IOException("exited with " + process.waitFor()));
        } catch (IOException | InterruptedException e) {
            ready.completeExceptionally(e);
        }
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** SIGTERM, then the exit status once it has drained. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("replica did not stop within 60 s after SIGTERM\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no draining, no goodbye to the state database; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("replica still alive 30 s after SIGKILL");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
