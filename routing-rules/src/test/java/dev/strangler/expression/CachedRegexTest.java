package dev.strangler.expression;

import dev.cel.common.CelOptions;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedRegexTest {

    private static final ExpressionLanguage LANGUAGE = ExpressionLanguage.withVariables(Map.of("s", SimpleType.STRING));

    private static Object eval(String expression, String s) throws Exception {
        return LANGUAGE.program(expression).eval(Map.of("s", s));
    }

    @Test
    void aPatternIsCompiledOnce() {
        CachedRegex regex = new CachedRegex(CelOptions.current().build());

        assertThat(regex.pattern("^[A-Z]{5}$")).isSameAs(regex.pattern("^[A-Z]{5}$"));
        assertThat(regex.pattern("^[A-Z]{5}$")).isNotSameAs(regex.pattern("^[A-Z]{4}$"));
    }

    @Test
    void matchesAsCelDoes_memberAndGlobal_partialMatch() throws Exception {
        assertThat(eval("s.matches('^[A-Z]{5}$')", "ALFKI")).isEqualTo(true);
        assertThat(eval("s.matches('^[0-9]+$')", "ALFKI")).isEqualTo(false);
        assertThat(eval("matches(s, 'LF')", "ALFKI")).isEqualTo(true);
        assertThat(eval("s.matches('LF') && s.matches('LF')", "ALFKI")).isEqualTo(true);
        assertThat(eval("s.matches(s)", "A.C")).isEqualTo(true);
    }

    @Test
    void aPatternThatDoesNotParse_isAnEvaluationError() {
        assertThatThrownBy(() -> eval("s.matches('[unclosed')", "ALFKI"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("error parsing regexp");
    }
}
