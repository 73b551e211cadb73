package dev.strangler.config.file;

import dev.strangler.config.ConfigError;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.RampPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Loads configuration files into validated models: the only place in {@code routing-rules} that reads a file.
 *
 * <p>The environment used for {@code ${VAR}} substitution is a parameter, never read here, so that tests and the
 * hot reload decide what it is ({@code System.getenv()} in production).
 *
 * <pre>{@code
 * LoadResult<StranglerConfig> result = ConfigLoader.load(Path.of("strangler.yaml"), System.getenv());
 * if (result instanceof LoadResult.Invalid<StranglerConfig> invalid) {
 *     invalid.errors().forEach(System.err::println);   // strangler.yaml:12:7: routing.cohorts[2].percent: ...
 * }
 * }</pre>
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads a whole {@code strangler.yaml}. A {@code plan:} key names a plan file relative to this file's folder,
     * so a plan kept by the migration engineers can live apart from the proxy's settings.
     */
    public static LoadResult<StranglerConfig> load(Path file, Map<String, String> environment) {
        return load(file, environment, (path, text) -> { });
    }

    /**
     * {@link #load(Path, Map)}, handing {@code read} each file read and its text: the configuration, then the plan
     * file its {@code plan:} key names, if any (a watcher hashes them to tell a real change from a touched folder).
     */
    public static LoadResult<StranglerConfig> load(Path file, Map<String, String> environment,
                                                   BiConsumer<Path, String> read) {
        Path folder = file.toAbsolutePath().getParent();
        return read(file, environment, read, (name, yaml, env) -> parse(name, yaml, env,
                path -> read(folder.resolve(path), env, read, ConfigLoader::parseMigrationPlan)));
    }

    /**
     * Parses the text of a whole {@code strangler.yaml}; {@code fileName} is used in errors only, and a
     * {@code plan:} file is looked for relative to the working directory.
     */
    public static LoadResult<StranglerConfig> parse(String fileName, String yaml, Map<String, String> environment) {
        return parse(fileName, yaml, environment, path -> loadMigrationPlan(Path.of(path), environment));
    }

    private static LoadResult<StranglerConfig> parse(String fileName, String yaml, Map<String, String> environment,
                                                     PlanFiles planFiles) {
        ConfigProblems problems = new ConfigProblems(fileName);
        ConfigNode root = root(yaml, environment, problems);
        StranglerConfig config = root == null ? null : StranglerConfigReader.read(root, problems, planFiles);
        return result(config, problems);
    }

    /**
     * Loads a file whose only top-level key is {@code migration:}, such as a plan kept apart from the proxy's
     * configuration.
     */
    public static LoadResult<MigrationPlan> loadMigrationPlan(Path file, Map<String, String> environment) {
        return read(file, environment, (path, text) -> { }, ConfigLoader::parseMigrationPlan);
    }

    /** Parses the text of a plan file (see {@link #loadMigrationPlan}); {@code fileName} is used in errors only. */
    public static LoadResult<MigrationPlan> parseMigrationPlan(String fileName, String yaml,
                                                              Map<String, String> environment) {
        ConfigProblems problems = new ConfigProblems(fileName);
        ConfigNode root = root(yaml, environment, problems);
        MigrationPlan plan = null;
        if (root != null && root.expectKeys(Set.of("migration"))) {
            plan = MigrationPlanReader.read(root.get("migration"), problems);
        }
        return result(plan, problems);
    }

    /**
     * Parses a ramp plan on its own, in YAML or JSON (the admin API's body, the state database's copy): the keys of
     * {@code routing.cohorts[].ramp}.
     */
    public static LoadResult<RampPlan> parseRampPlan(String name, String text) {
        ConfigProblems problems = new ConfigProblems(name);
        ConfigNode root = root(text, Map.of(), problems);
        RampPlan plan = root == null ? null : RampsReader.plan(root);
        return result(plan, problems);
    }

    static ConfigNode root(String yaml, Map<String, String> environment, ConfigProblems problems) {
        YamlNode tree = new YamlTree(new EnvironmentSubstitution(environment), problems).read(yaml);
        if (tree == null) {
            if (problems.isEmpty()) {
                problems.add(1, 1, "", "empty (expected: a YAML mapping)");
            }
            return null;
        }
        ConfigNode root = ConfigNode.root(tree, problems);
        if (!root.isMapping()) {
            root.error(tree.kind() + " where a mapping was expected");
            return null;
        }
        return root;
    }

    static <T> LoadResult<T> result(T value, ConfigProblems problems) {
        if (!problems.isEmpty() || value == null) {
            List<ConfigError> errors = problems.errors();
            return new LoadResult.Invalid<>(errors);
        }
        return new LoadResult.Valid<>(value);
    }

    private static <T> LoadResult<T> read(Path file, Map<String, String> environment, BiConsumer<Path, String> read,
                                          Parser<T> parser) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            read.accept(file, null);
            return new LoadResult.Invalid<>(List.of(new ConfigError(name, 1, 1, "",
                    "cannot be read: " + e.getClass().getSimpleName() + " " + e.getMessage())));
        }
        read.accept(file, text);
        return parser.parse(name, text, environment);
    }

    private interface Parser<T> {
        LoadResult<T> parse(String fileName, String yaml, Map<String, String> environment);
    }
}
