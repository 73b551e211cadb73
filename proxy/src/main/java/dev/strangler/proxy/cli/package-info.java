/**
 * The {@code strangler} command line. Start at {@link dev.strangler.proxy.cli.StranglerCli} (the commands) and
 * {@link dev.strangler.proxy.cli.Session}, the command line's composition root: the one place a command reads the
 * configuration file and the environment and starts a migrator.
 */
package dev.strangler.proxy.cli;
