package dev.strangler.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB server from Debian's {@code mariadb-server} binaries: {@code mariadb-install-db} creates a data
 * directory in a temporary directory, {@code mariadbd} serves it on a free TCP port and a socket there, with
 * {@code --skip-grant-tables} (any user name, no password), and the whole directory is removed when it stops. Never
 * the system service: nothing outside the temporary directory is read or written ({@code --no-defaults}).
 */
final class LocalMariaDbServer implements MariaDbServer {

    static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    static final Path INSTALL = Path.of("/usr/bin/mariadb-install-db");
    static final Path CLIENT = Path.of("/usr/bin/mariadb");

    private static final long START_TIMEOUT_MS = 60_000;

    private final Path directory;
    private final Path socket;
    private final int port;
    private final Process process;

    private LocalMariaDbServer(Path directory, Path socket, int port, Process process) {
        this.directory = directory;
        this.socket = socket;
        this.port = port;
        this.process = process;
    }

    /** Why the binaries cannot run here, or null when they can. */
    static String missingBinaries() {
        for (Path binary : List.of(SERVER, INSTALL, CLIENT)) {
            if (!Files.isExecutable(binary)) {
                return binary + " is not installed (Debian package mariadb-server); MariaDB tests skipped";
            }
        }
        return null;
    }

    static LocalMariaDbServer start() {
        try {
            Path directory = Files.createTempDirectory("strangler-mariadb-");
            Path data = directory.resolve("data");
            Path socket = directory.resolve("mariadb.sock");
            run(directory.resolve("install.log"), INSTALL.toString(), "--no-defaults", "--datadir=" + data,
                    "--skip-test-db", "--user=" + System.getProperty("user.name"),
                    "--auth-root-authentication-method=normal");
            int port = freePort();
            Process process = new ProcessBuilder(SERVER.toString(), "--no-defaults", "--datadir=" + data,
                    "--socket=" + socket, "--port=" + port, "--bind-address=127.0.0.1",
                    "--user=" + System.getProperty("user.name"), "--skip-grant-tables", "--skip-log-bin",
                    "--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=0", "--max-connections=300",
                    "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin",
                    "--pid-file=" + directory.resolve("mariadb.pid"))
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("server.log").toFile())
                    .start();
            LocalMariaDbServer server = new LocalMariaDbServer(directory, socket, port, process);
            server.awaitReady();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mariadb-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start MariaDB", e);
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    /** Root, without a password: the server skips grant tables. */
    @Override
    public String password() {
        return null;
    }

    /** Runs SQL through the {@code mariadb} command-line client on the server's socket; returns its output. */
    @Override
    public String client(String database, String sql) {
        List<String> command = new ArrayList<>(List.of(CLIENT.toString(), "--no-defaults", "--socket=" + socket,
                "--user=root", "--batch", "--skip-column-names", "--raw"));
        if (database != null) {
            command.add(database);
        }
        try {
            Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var in = client.getOutputStream()) {
                in.write(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String output = new String(client.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (client.waitFor() != 0) {
                throw new IllegalStateException("mariadb client failed on " + abbreviated(sql) + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitReady() {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        IllegalStateException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + "; see "
                        + directory.resolve("server.log"));
            }
            if (Files.exists(socket)) {
                try {
                    client(null, "SELECT 1");
                    return;
                } catch (IllegalStateException notYet) {
                    last = notYet;
                }
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        close();
        throw new IllegalStateException("mariadbd did not answer within " + START_TIMEOUT_MS + " ms", last);
    }

    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("MariaDB directory " + directory + " not removed: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "local mariadbd on 127.0.0.1:" + port + " (" + directory + ")";
    }

    private static void run(Path log, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed; see " + log + ":\n"
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String abbreviated(String sql) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
