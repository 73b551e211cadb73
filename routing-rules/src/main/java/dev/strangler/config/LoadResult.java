package dev.strangler.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What loading a configuration gives: a valid model, or every error of the file. A file with errors never
 * produces a model, so a proxy cannot start, or reload, on a half-understood configuration.
 *
 * @param <T> the model: {@link StranglerConfig} for a whole file, {@link MigrationPlan} for a plan file
 */
public sealed interface LoadResult<T> {

    /** The file is valid. */
    record Valid<T>(T value) implements LoadResult<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The file is invalid; {@code errors} is never empty and is in file order. */
    record Invalid<T>(List<ConfigError> errors) implements LoadResult<T> {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("errors: empty (expected: at least one)");
            }
        }

        /** One error per line, as printed by {@code strangler check}. */
        @Override
        public String toString() {
            return errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
        }
    }

    /**
     * The model, for callers that cannot go on without one (tests, the command line).
     *
     * @throws InvalidConfigException listing every error
     */
    default T orElseThrow() {
        if (this instanceof Valid<T> valid) {
            return valid.value();
        }
        throw new InvalidConfigException(((Invalid<T>) this).errors());
    }
}
