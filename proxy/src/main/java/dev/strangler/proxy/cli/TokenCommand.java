package dev.strangler.proxy.cli;

import dev.strangler.config.AdminTokenConfig;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.config.TokenScope;
import dev.strangler.migrator.AdminTokenStore.StoredToken;
import dev.strangler.proxy.tokens.TokenSecret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strangler token add NAME --scope SCOPE}, {@code revoke NAME}, {@code list} and {@code hash}: the admin
 * tokens of the state database, written like the admin API writes them, so they work with no proxy running; every
 * running proxy accepts a new token, or refuses a revoked one, within a second. A new token is printed once and only
 * its hash is stored.
 */
@Command(name = "token", mixinStandardHelpOptions = true, subcommands = {TokenCommand.Add.class,
        TokenCommand.Revoke.class, TokenCommand.List.class, TokenCommand.Hash.class},
        description = "Adds, revokes and lists admin tokens, fleet-wide.")
public final class TokenCommand implements StranglerCommand {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    private static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a token and prints it once; Strangler keeps only its SHA-256.")
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Option(names = "--scope", required = true, description = "read, operate or admin")
        String scope;

        @Parameters(index = "0", paramLabel = "NAME", description = "1 to 64 of a-z 0-9 . _ -")
        String name;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            TokenScope tokenScope;
            try {
                tokenScope = TokenScope.of(scope.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("strangler token add: --scope: " + e.getMessage());
                return 2;
            }
            if (!AdminTokenConfig.NAME.matcher(name).matches()) {
                err.println("strangler token add: name: " + name + " (expected: 1 to 64 of a-z 0-9 . _ -, starting"
                        + " with a letter or digit)");
                return 2;
            }
            try (Session session = Session.open(spec, config, true)) {
                StranglerConfig configuration = session.config();
                boolean configured = configuration.admin().tokens().stream().anyMatch(t -> t.name().equals(name))
                        || configuration.admin().token() != null && name.equals(AdminTokenConfig.DEFAULT_NAME);
                if (configured) {
                    err.println("strangler token add: " + config + " has a token named " + name);
                    return 2;
                }
                String secret = TokenSecret.generate();
                Session.await(session.migrator().tokens().add(name, tokenScope, TokenSecret.sha256(secret),
                        actor()));
                PrintWriter out = spec.commandLine().getOut();
                out.println(secret);
                out.flush();
                err.println("token " + name + " (scope " + tokenScope + ") added; it is shown this once");
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a token; every running proxy refuses it within a second.")
    static final class Revoke implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Session session = Session.open(spec, config, true)) {
                if (!Session.await(session.migrator().tokens().revoke(name, actor()))) {
                    spec.commandLine().getErr().println("strangler token revoke: no token named " + name
                            + " in the state database");
                    return 1;
                }
                spec.commandLine().getOut().println("token " + name + " revoked");
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each token: name, scope, where it comes from, who added it and when; never the token.")
    static final class List implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", defaultValue = "strangler.yaml", description = "configuration file")
        Path config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Session session = Session.open(spec, config, true)) {
                StranglerConfig configuration = session.config();
                out.println(String.format(Locale.ROOT, "%-24s %-8s %-14s %s", "name", "scope", "source", "added"));
                if (configuration.admin().token() != null) {
                    out.println(String.format(Locale.ROOT, "%-24s %-8s %-14s", AdminTokenConfig.DEFAULT_NAME,
                            TokenScope.ADMIN, "configuration"));
                }
                for (AdminTokenConfig token : configuration.admin().tokens()) {
                    out.println(String.format(Locale.ROOT, "%-24s %-8s %-14s", token.name(), token.scope(),
                            "configuration"));
                }
                java.util.List<StoredToken> stored = Session.await(session.migrator().tokens().all());
                for (StoredToken token : stored) {
                    out.println(String.format(Locale.ROOT, "%-24s %-8s %-14s %s", token.name(), token.scope(),
                            "database", "by " + token.createdBy() + " at " + token.createdAt()));
                }
                return 0;
            } catch (Session.BadConfiguration e) {
                return e.report(spec);
            }
        }
    }

    @Command(name = "hash", mixinStandardHelpOptions = true,
            description = "Reads a token from standard input and prints its SHA-256, for admin.tokens[].sha256.")
    static final class Hash implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String secret;
            try {
                secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (secret == null || secret.isBlank()) {
                spec.commandLine().getErr().println("strangler token hash: expected the token on standard input");
                return 2;
            }
            spec.commandLine().getOut().println(TokenSecret.sha256Hex(secret.trim()));
            return 0;
        }
    }
}
