package dev.strangler.demo.cli;

import dev.strangler.demo.DemoProxy;
import dev.strangler.demo.DemoStack;
import dev.strangler.proxy.cli.StranglerCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler demo}: starts the {@link DemoStack} (embedded PostgreSQL with Northwind as legacy and an empty
 * modern database, and both sample applications), prints where everything is, and runs until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything embedded: PostgreSQL with the Northwind database as legacy and an empty",
            "modern database, the legacy and modern sample applications, and Strangler in front of them with its",
            "admin port. Stops on Ctrl-C."})
public final class DemoCommand implements StranglerCommand {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "keep the databases in DIR between runs (default: a temporary directory, deleted on exit)")
    private Path data;

    @Option(names = "--legacy-port", defaultValue = "8081", description = "default: ${DEFAULT-VALUE}")
    private int legacyPort;

    @Option(names = "--modern-port", defaultValue = "8082", description = "default: ${DEFAULT-VALUE}")
    private int modernPort;

    @Option(names = "--port", defaultValue = "8080", description = "the proxy's port (default: ${DEFAULT-VALUE})")
    private int proxyPort;

    @Option(names = "--admin-port", defaultValue = "9090", description = "the admin port (default: ${DEFAULT-VALUE})")
    private int adminPort;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("strangler demo: starting embedded PostgreSQL and the sample systems...");
        out.flush();
        DemoStack stack;
        try {
            stack = DemoStack.start(new DemoStack.Options(data, legacyPort, modernPort));
        } catch (IOException | SQLException | RuntimeException e) {
            spec.commandLine().getErr().println("strangler demo: cannot start: " + e.getMessage());
            return 1;
        }
        DemoProxy proxy;
        try {
            Path folder = data != null ? data.resolve("config") : Files.createTempDirectory("strangler-demo");
            proxy = DemoProxy.start(stack, folder, proxyPort, adminPort);
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("strangler demo: cannot start the proxy: " + e.getMessage());
            closeQuietly(stack);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.close();
                stack.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("strangler demo: did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "strangler-demo-stop"));
        out.println(DemoBanner.text(stack, proxy));
        out.flush();
        stopped.await();
        return 0;
    }

    private static void closeQuietly(DemoStack stack) {
        try {
            stack.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("strangler demo: did not stop cleanly: " + e.getMessage());
        }
    }
}
