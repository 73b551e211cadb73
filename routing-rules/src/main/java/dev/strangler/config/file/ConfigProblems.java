package dev.strangler.config.file;

import dev.strangler.config.ConfigError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The errors found so far in one file; reading goes on after an error so that all of them are reported at once. */
final class ConfigProblems {

    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    ConfigProblems(String file) {
        this.file = file;
    }

    /** The file's name, as errors name it. */
    String file() {
        return file;
    }

    void add(int line, int column, String path, String message) {
        errors.add(new ConfigError(file, Math.max(1, line), Math.max(1, column), path, message));
    }

    /** Errors of another file this one refers to (a plan file), kept under that file's name. */
    void addAll(List<ConfigError> others) {
        errors.addAll(others);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The errors in the order of the file. */
    List<ConfigError> errors() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return List.copyOf(sorted);
    }
}
