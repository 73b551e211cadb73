package dev.strangler.proxy.cli;

import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strangler} executable: every subcommand found on the class path, under one name. */
@Command(name = "strangler", mixinStandardHelpOptions = true, versionProvider = StranglerCli.Version.class,
        description = "Moves the users of a legacy web application onto its replacement, one user at a time.")
public final class StranglerCli {

    public static void main(String[] args) {
        LibraryLogging.quiet(Session.environment());
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand registered, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new StranglerCli());
        for (StranglerCommand command : ServiceLoader.load(StranglerCommand.class)) {
            commandLine.addSubcommand(command);
        }
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("strangler " + line.getCommandName() + ": " + exception.getMessage());
            return 1;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StranglerCli.class.getPackage().getImplementationVersion();
            return new String[] {"strangler " + (version == null ? "development build" : version)};
        }
    }
}
