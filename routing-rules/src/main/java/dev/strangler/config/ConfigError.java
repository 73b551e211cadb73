package dev.strangler.config;

import java.util.Objects;

/**
 * One problem in a configuration file, pointing at where it was written.
 *
 * <p>{@link #toString()} reads like a compiler's message, which editors and terminals link to the file:
 * {@code strangler.yaml:12:7: routing.cohorts[2].percent: 140 (expected: 0..100)}.
 *
 * @param file    the file's name as given to the loader
 * @param line    the line, from 1
 * @param column  the column, from 1
 * @param path    the key path in the file ({@code migration.entities[1].validate[0].rule}); empty for the whole file
 * @param message what is wrong and, where it helps, what was expected
 */
public record ConfigError(String file, int line, int column, String path, String message) {

    public ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
