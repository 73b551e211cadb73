/**
 * The demo's subcommands of {@code strangler}, found by the proxy's command line through
 * {@link java.util.ServiceLoader}: {@link dev.strangler.demo.cli.DemoCommand} ({@code strangler demo}) and
 * {@link dev.strangler.demo.cli.GenerateCommand} ({@code strangler generate}).
 */
package dev.strangler.demo.cli;
