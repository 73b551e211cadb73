package dev.strangler.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that failed validation, for callers that prefer an exception to a {@link LoadResult}. */
public final class InvalidConfigException extends RuntimeException {

    private final transient List<ConfigError> errors;

    public InvalidConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** Every error of the file, in file order. */
    public List<ConfigError> errors() {
        return errors;
    }
}
