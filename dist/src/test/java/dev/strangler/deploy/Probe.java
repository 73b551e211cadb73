package dev.strangler.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One health probe of a deployment file, run the way its orchestrator runs it, against an admin port on this
 * machine instead of the container's. Compose: {@code CMD} executes its arguments as they are, {@code CMD-SHELL}
 * hands its string to {@code /bin/sh -c}, which is dash on Debian and Ubuntu (the images Strangler runs on), so
 * it runs under {@code /bin/dash} here. Kubernetes: {@code exec} runs its command without a shell, {@code httpGet}
 * passes on a status from 200 to 399, {@code tcpSocket} on a connection.
 */
record Probe(String source, List<String> command, String httpPath, boolean tcp) {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A compose healthcheck's {@code test}, as a list ({@code CMD}, {@code CMD-SHELL}) or a shell string. */
    static Probe compose(String service, Object test) {
        List<String> words = new ArrayList<>();
        if (test instanceof String shell) {
            words.addAll(List.of("CMD-SHELL", shell));
        } else {
            ((List<?>) test).forEach(word -> words.add(String.valueOf(word)));
        }
        String form = words.get(0);
        List<String> rest = words.subList(1, words.size());
        return switch (form) {
            case "CMD" -> new Probe(service, List.copyOf(rest), null, false);
            case "CMD-SHELL" -> new Probe(service, List.of("/bin/dash", "-c", String.join(" ", rest)), null, false);
            default -> throw new AssertionError(service + ": healthcheck form " + form + " is not run by this test");
        };
    }

    /** A Kubernetes probe object ({@code readinessProbe} and the like) of a container with the given named ports. */
    static Probe kubernetes(String source, Map<String, Object> probe, Map<String, Integer> namedPorts) {
        if (probe.get("exec") instanceof Map<?, ?> exec) {
            List<String> command = new ArrayList<>();
            ((List<?>) exec.get("command")).forEach(word -> command.add(String.valueOf(word)));
            return new Probe(source, command, null, false);
        }
        if (probe.get("httpGet") instanceof Map<?, ?> get) {
            return new Probe(source, List.of(String.valueOf(port(get.get("port"), namedPorts))),
                    String.valueOf(get.get("path")), false);
        }
        if (probe.get("tcpSocket") instanceof Map<?, ?> socket) {
            return new Probe(source, List.of(String.valueOf(port(socket.get("port"), namedPorts))), null, true);
        }
        throw new AssertionError(source + ": a probe this test does not know: " + probe.keySet());
    }

    private static int port(Object port, Map<String, Integer> namedPorts) {
        if (port instanceof Integer number) {
            return number;
        }
        Integer named = namedPorts.get(String.valueOf(port));
        if (named == null) {
            throw new AssertionError("probe port " + port + " is not a port of the container: " + namedPorts);
        }
        return named;
    }

    /** The port in the container the probe addresses, as written in the file. */
    boolean addresses(int containerPort) {
        if (httpPath != null || tcp) {
            return command.get(0).equals(String.valueOf(containerPort));
        }
        return String.join(" ", command).contains(String.valueOf(containerPort));
    }

    /** Runs the probe with the container's port replaced by {@code port} on 127.0.0.1; true when it passes. */
    boolean passes(int containerPort, int port) throws IOException, InterruptedException {
        if (httpPath != null) {
            HttpResponse<Void> response;
            try {
                response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + httpPath))
                                .timeout(PATIENCE).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException refused) {
                return false;
            }
            return response.statusCode() >= 200 && response.statusCode() < 400;
        }
        if (tcp) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PATIENCE.toMillis());
                return true;
            } catch (IOException refused) {
                return false;
            }
        }
        List<String> local = command.stream()
                .map(word -> word.replace(String.valueOf(containerPort), String.valueOf(port))).toList();
        Process process = new ProcessBuilder(local).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(source + ": the probe did not finish in " + PATIENCE + ": " + local);
        }
        if (process.exitValue() != 0) {
            System.out.printf("%s: probe exited %d: %s%n", source, process.exitValue(),
                    new String(output, StandardCharsets.UTF_8).strip());
        }
        return process.exitValue() == 0;
    }
}
