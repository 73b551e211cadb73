package dev.strangler.expression;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.re2j.Pattern;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelOptions;
import dev.cel.common.CelRuntimeException;
import dev.cel.runtime.CelFunctionBinding;

import java.util.List;

/**
 * CEL's {@code matches}, with each regular expression compiled once.
 *
 * <p>CEL's own binding compiles the pattern (RE2J) on every call, which a backfill pays once per row and rule. These
 * bindings keep compiled patterns in a bounded cache shared by every expression of the process, and otherwise behave
 * exactly as CEL's: the same program-size limit and partial-match option from {@link CelOptions}, and a pattern that
 * does not parse is an {@code INVALID_ARGUMENT} evaluation error, as before.
 */
final class CachedRegex {

    /** Distinct patterns kept; a plan has a few dozen, and a pattern built from row values is recompiled when evicted. */
    static final int MAXIMUM_PATTERNS = 1_000;

    private final CelOptions options;
    private final Cache<String, Pattern> patterns = Caffeine.newBuilder().maximumSize(MAXIMUM_PATTERNS).build();

    CachedRegex(CelOptions options) {
        this.options = options;
    }

    /** The global {@code matches(s, re)} and the member {@code s.matches(re)}, by CEL's own overload ids. */
    List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("matches", String.class, String.class, this::matches),
                CelFunctionBinding.from("matches_string", String.class, String.class, this::matches));
    }

    private Object matches(String text, String regex) {
        try {
            Pattern pattern = pattern(regex);
            return options.enableRegexPartialMatch() ? pattern.matcher(text).find() : pattern.matcher(text).matches();
        } catch (RuntimeException e) {
            throw new CelRuntimeException(e, CelErrorCode.INVALID_ARGUMENT);
        }
    }

    /** The compiled pattern, from the cache when it holds it. */
    Pattern pattern(String regex) {
        Pattern cached = patterns.getIfPresent(regex);
        if (cached != null) {
            return cached;
        }
        Pattern compiled = Pattern.compile(regex);
        int limit = options.maxRegexProgramSize();
        if (limit >= 0 && compiled.programSize() > limit) {
            throw new IllegalArgumentException(String.format(
                    "Regex pattern exceeds allowed program size. Allowed: %d, Provided: %d",
                    limit, compiled.programSize()));
        }
        patterns.put(regex, compiled);
        return compiled;
    }
}
