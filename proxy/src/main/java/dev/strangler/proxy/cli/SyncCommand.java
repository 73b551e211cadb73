package dev.strangler.proxy.cli;

import dev.strangler.migrator.Coexistence.ChangeSync;
import dev.strangler.migrator.Coexistence.SyncSettings;
import dev.strangler.migrator.Coexistence.SyncStatus;
import dev.strangler.rules.Cohort;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler sync [--name NAME] [--lease 15s] [--from embedded|http] [--listen HOST:PORT]}: runs the change
 * data capture of issue 17 until stopped (SIGTERM or Ctrl-C): stands by for the lease, then captures both databases
 * (or, with {@code --from http}, takes what a Debezium Server HTTP sink posts) and applies what changed.
 * {@code strangler sync status} prints the holder's last figures; {@code strangler sync drop-slot} drops the
 * replication slots so an abandoned sync stops retaining the legacy server's WAL.
 */
@Command(name = "sync", mixinStandardHelpOptions = true, subcommands = {SyncCommand.Status.class,
        SyncCommand.DropSlot.class}, description = "Keeps legacy and modern in step with change data capture.")
public final class SyncCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
    Path config;

    @Option(names = "--name", defaultValue = "strangler",
            description = "names the slots, offsets and lease; processes of one name stand by for each other")
    String name;

    @Option(names = "--lease", defaultValue = "15s", converter = DurationConverter.class,
            description = "how long the lease lasts unrenewed before a standby takes over")
    Duration lease;

    @Option(names = "--from", defaultValue = "embedded", paramLabel = "embedded|http",
            description = "embedded: run Debezium in this process; http: take the change events a Debezium Server"
                    + " (or Kafka Connect) HTTP sink posts to /debezium/legacy and /debezium/modern, each stored in"
                    + " the state database before it is answered and applied once its transaction is complete")
    String from;

    @Option(names = "--listen", defaultValue = "0.0.0.0:8084", paramLabel = "HOST:PORT",
            description = "where --from http listens")
    String listen;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.open(spec, config, true)) {
            List<Cohort> cohorts = session.config().routingTable().cohorts();
            String instance = Session.environment().getOrDefault("HOSTNAME", "localhost") + ":"
                    + ProcessHandle.current().pid();
            SyncSettings settings = new SyncSettings(name, instance, lease,
                    user -> CohortMembers.cohortOf(cohorts, user), Clock.systemUTC());
            ChangeSync sync = switch (from) {
                case "embedded" -> session.migrator().coexistence().start(settings);
                case "http" -> session.migrator().coexistence().receive(settings, host(listen), port(listen));
                default -> throw new IllegalArgumentException("--from " + from + " (expected: embedded or http)");
            };
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                sync.close();
                Session.await(sync.stopped());
                stopped.countDown();
            }, "strangler-sync-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("strangler sync " + name + ": " + instance + " standing by for the lease");
            out.flush();
            sync.stopped().onComplete(done -> stopped.countDown());
            stopped.await();
            return sync.stopped().failed() ? 1 : 0;
        } catch (Session.BadConfiguration e) {
            return e.report(spec);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("strangler sync: " + e.getMessage());
            return 2;
        }
    }

    private static String host(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen " + listen + " (expected: HOST:PORT)");
        }
        return listen.substring(0, colon);
    }

    private static int port(String listen) {
        try {
            int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen " + listen + " (expected: HOST:PORT, port 1..65535)");
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The last figures the holder of the slots wrote: lag, applied, skipped, conflicts, WAL.")
    static final class Status implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Option(names = "--name", defaultValue = "strangler", description = "the sync's name")
        String name;

        @Override
        public Integer call() {
            try (Session session = Session.open(spec, config, false)) {
                Optional<SyncStatus> status = Session.await(session.migrator().coexistence().lastStatus(name));
                spec.commandLine().getOut().println(status.map(s -> s.toJson().encodePrettily())
                        .orElse("sync " + name + ": no status yet (never ran)"));
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            }
        }
    }

    @Command(name = "drop-slot", mixinStandardHelpOptions = true,
            description = "Drops the sync's replication slots and publications (refused while it runs).")
    static final class DropSlot implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Option(names = "--name", defaultValue = "strangler", description = "the sync's name")
        String name;

        @Override
        public Integer call() {
            try (Session session = Session.open(spec, config, true)) {
                List<String> dropped = Session.await(session.migrator().coexistence().dropSlots(name));
                spec.commandLine().getOut().println(dropped.isEmpty() ? "sync " + name + ": no slot to drop"
                        : "dropped " + String.join(", ", dropped));
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            }
        }
    }
}
