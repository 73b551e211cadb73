package dev.strangler.proxy.cli;

import java.util.concurrent.Callable;

/**
 * A subcommand of {@code strangler}: a picocli {@code @Command} class, found with {@link java.util.ServiceLoader}
 * so that modules above the proxy (the demo) can add their own. {@link #call()} returns the exit status:
 * 0 success, 1 runtime failure, 2 bad arguments or configuration.
 */
public interface StranglerCommand extends Callable<Integer> {
}
