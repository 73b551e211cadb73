package dev.strangler.proxy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strangler plan}: commands that help write a migration plan ({@code plan init}). */
@Command(name = "plan", mixinStandardHelpOptions = true, subcommands = PlanInitCommand.class,
        description = "Helps write a migration plan: `plan init` drafts one from the legacy catalogue.")
public final class PlanCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
