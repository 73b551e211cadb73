package dev.strangler.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class NamedStatementTest {

    static Stream<org.junit.jupiter.params.provider.Arguments> statements() {
        return Stream.of(
                arguments("INSERT INTO customer (id, name) VALUES (:id, :name) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
                        "INSERT INTO customer (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
                        List.of("id", "name")),
                arguments("UPDATE t SET a = :a WHERE id = :id AND b = :a", "UPDATE t SET a = $1 WHERE id = $2 AND b = $1",
                        List.of("a", "id")),
                arguments("SELECT :x::int, '2020-01-01'::date", "SELECT $1::int, '2020-01-01'::date", List.of("x")),
                arguments("SELECT ':not' || :yes", "SELECT ':not' || $1", List.of("yes")),
                arguments("SELECT 'it''s :not', :yes", "SELECT 'it''s :not', $1", List.of("yes")),
                arguments("SELECT E'\\' :not', :yes", "SELECT E'\\' :not', $1", List.of("yes")),
                arguments("SELECT \"a:b\" FROM t WHERE c = :c", "SELECT \"a:b\" FROM t WHERE c = $1", List.of("c")),
                arguments("SELECT 1 -- :not\n, :yes", "SELECT 1 -- :not\n, $1", List.of("yes")),
                arguments("SELECT /* :not /* nested :no */ */ :yes", "SELECT /* :not /* nested :no */ */ $1", List.of("yes")),
                arguments("SELECT $$ :not $$, $tag$ :no $tag$, :yes", "SELECT $$ :not $$, $tag$ :no $tag$, $1", List.of("yes")),
                arguments("SELECT arr[1:2] FROM t", "SELECT arr[1:2] FROM t", List.of()),
                arguments("SELECT * FROM t WHERE id = $1", "SELECT * FROM t WHERE id = $1", List.of()),
                arguments("SELECT :_under_score9", "SELECT $1", List.of("_under_score9")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void parse(String named, String positional, List<String> parameters) {
        NamedStatement statement = NamedStatement.parse(named);
        assertThat(statement.sql()).isEqualTo(positional);
        assertThat(statement.parameters()).isEqualTo(parameters);
    }
}
